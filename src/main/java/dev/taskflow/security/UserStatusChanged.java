package dev.taskflow.security;

/**
 * A user's status, role or token version changed, as announced by the database (any
 * instance, any way): whatever was granted on the strength of their earlier status, such
 * as an open feed stream, should be asked for again.
 */
public record UserStatusChanged(long userId) {
}
