package dev.taskflow.security;

/**
 * The caller of a request, as the principal of its {@code Authentication}: checked active
 * and not deleted.
 */
public record AuthenticatedUser(long id, String role) {

	public boolean isAdmin() {
		return "admin".equals(role);
	}
}
