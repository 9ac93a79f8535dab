package dev.taskflow.task;

/** Every task matching {@code filter}, in {@code order}. */
record TaskStreamQuery(TaskFilter filter, TaskOrder order) {
}
