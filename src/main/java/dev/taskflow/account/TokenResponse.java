package dev.taskflow.account;

/**
 * @param expiresIn seconds from now
 */
record TokenResponse(String accessToken, String tokenType, long expiresIn) {

	@Override
	public String toString() {
		return "TokenResponse[accessToken=****, tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
	}
}
