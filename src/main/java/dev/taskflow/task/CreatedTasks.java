package dev.taskflow.task;

import java.util.List;

/** The answer to a batch create: the tasks in the order they were sent. */
public record CreatedTasks(List<Task> items) {
}
