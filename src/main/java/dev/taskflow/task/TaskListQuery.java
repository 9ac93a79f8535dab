package dev.taskflow.task;

/**
 * A page request: offset paging, or keyset paging after {@code cursor} (then
 * {@code offset} is 0).
 *
 * @param withTotal whether to count every matching task ({@code count=none} turns it off)
 */
record TaskListQuery(TaskFilter filter, TaskOrder order, int limit, int offset, TaskCursor cursor, boolean withTotal) {
}
