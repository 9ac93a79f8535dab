package dev.taskflow.account;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** A user as every endpoint shows it: never the password hash. */
record UserView(long id, String email, String username, String fullName, String role,
		@JsonProperty("isActive") boolean isActive, boolean emailVerified, Instant createdAt, Instant updatedAt,
		Instant lastLoginAt) {
}
