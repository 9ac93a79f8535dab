package dev.taskflow.feed;

/**
 * One committed change, as stored in {@code task_events}; {@code payload} is the task's
 * JSON.
 */
public record TaskEvent(long id, long userId, long taskId, String type, String payload) {

	public static final String CREATED = "task.created";

	public static final String UPDATED = "task.updated";

	public static final String DELETED = "task.deleted";

}
