package dev.taskflow.idempotency;

/**
 * A client's {@code Idempotency-Key} for one request, scoped to its user.
 *
 * @param fingerprint what the request asked for (see {@link RequestFingerprint}); a retry
 * must match it
 */
public record IdempotencyKey(long userId, String key, String fingerprint) {
}
