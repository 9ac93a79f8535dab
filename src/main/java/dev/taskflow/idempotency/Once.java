package dev.taskflow.idempotency;

/**
 * The result of a write guarded by an idempotency key: this request's own, or the one an
 * earlier request with the same key recorded, read back ({@code replayed}).
 */
public record Once<T>(T value, boolean replayed) {

	public static <T> Once<T> fresh(T value) {
		return new Once<>(value, false);
	}

}
