package dev.taskflow.task;

import java.util.List;

/**
 * The body of a batch create: {@code {"tasks": [...]}}, each entry shaped like a single
 * create.
 */
public record NewTasks(List<NewTask> tasks) {
}
