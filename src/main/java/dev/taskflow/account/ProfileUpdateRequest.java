package dev.taskflow.account;

/** Absent (or null) fields stay as they are; a new password needs the current one. */
record ProfileUpdateRequest(String fullName, String password, String currentPassword) {

	@Override
	public String toString() {
		return "ProfileUpdateRequest[fullName=" + fullName + ", password=****, currentPassword=****]";
	}
}
