package dev.taskflow.security;

/**
 * This instance's listening session has just (re)started: a change of any user's status,
 * role or token version made while it was not listening was announced to nobody here.
 * Whatever was granted on an earlier status, such as an open feed stream, should be
 * checked against the database again.
 */
public record UserStatusChangesMissed() {
}
