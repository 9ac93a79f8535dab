package dev.taskflow.account;

/** A validated registration, its password already hashed. */
record NewUser(String email, String username, String passwordHash, String fullName) {

	@Override
	public String toString() {
		return "NewUser[email=" + email + ", username=" + username + ", passwordHash=****, fullName=" + fullName + "]";
	}
}
