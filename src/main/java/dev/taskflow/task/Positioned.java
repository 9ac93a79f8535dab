package dev.taskflow.task;

/**
 * A read, and where the caller's feed stood when it was made: opening the feed there
 * continues from the read.
 */
record Positioned<T>(T value, long feedPosition) {
}
