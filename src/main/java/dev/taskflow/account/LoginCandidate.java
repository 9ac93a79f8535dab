package dev.taskflow.account;

/**
 * The account a login names, or nobody. Nobody still goes through the same steps (a throttle key, a hash
 * comparison), so the answer and its timing do not tell whether the account exists.
 *
 * @param id     null for nobody
 * @param active neither deactivated nor deleted
 */
record LoginCandidate(Long id, String passwordHash, boolean active) {

    static LoginCandidate nobody() {
        return new LoginCandidate(null, null, false);
    }

    /** Failures count against the account when there is one, whichever of its names was typed. */
    String throttleKey(String normalizedLogin) {
        return id == null ? "login:" + normalizedLogin : "user:" + id;
    }

    @Override
    public String toString() {
        return "LoginCandidate[id=" + id + ", passwordHash=****, active=" + active + "]";
    }
}
