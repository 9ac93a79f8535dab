package dev.taskflow.account;

record RegisterRequest(String email, String username, String password, String fullName) {

	@Override
	public String toString() {
		return "RegisterRequest[email=" + email + ", username=" + username + ", password=****, fullName=" + fullName
				+ "]";
	}
}
