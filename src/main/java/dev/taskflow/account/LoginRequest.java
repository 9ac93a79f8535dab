package dev.taskflow.account;

/**
 * @param login the email or the username
 */
record LoginRequest(String login, String password) {

	@Override
	public String toString() {
		return "LoginRequest[login=" + login + ", password=****]";
	}
}
