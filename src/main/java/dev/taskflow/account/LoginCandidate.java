package dev.taskflow.account;

/**
 * The account a login names, or nobody. Nobody still goes through the same steps (a
 * throttle key, a hash comparison), so the answer and its timing do not tell whether the
 * account exists.
 *
 * @param id null for nobody
 * @param active neither deactivated nor deleted
 * @param tokenVersion read with the hash, so a token issued for it fails if the password
 * changed meanwhile
 */
record LoginCandidate(Long id, String passwordHash, boolean active, int tokenVersion) {

	static LoginCandidate nobody() {
		return new LoginCandidate(null, null, false, 0);
	}

	/**
	 * Failures count against the account when there is one, whichever of its names was
	 * typed.
	 */
	String throttleKey(String normalizedLogin) {
		return id == null ? "login:" + normalizedLogin : "user:" + id;
	}

	@Override
	public String toString() {
		return "LoginCandidate[id=" + id + ", passwordHash=****, active=" + active + ", tokenVersion=" + tokenVersion
				+ "]";
	}
}
