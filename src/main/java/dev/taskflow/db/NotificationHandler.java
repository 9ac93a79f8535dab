package dev.taskflow.db;

/**
 * A PostgreSQL notification channel a feature follows through this instance's one
 * listening session ({@link NotificationListener}). Notifications are hints: whatever
 * they announce is in the tables, so a handler must cope with missing some while the
 * session is away.
 */
public interface NotificationHandler {

	String channel();

	void onNotification(String payload);

	/** The session is listening (again): anything sent while it was away was missed. */
	void onListening();

	/** The session is lost: notifications are missed until {@link #onListening()}. */
	void onLost();

}
