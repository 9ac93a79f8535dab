package dev.taskflow.feed;

import dev.taskflow.db.NotificationHandler;

import org.springframework.stereotype.Component;

/**
 * The {@code task_events} LISTEN channel: each notification names a user with new events
 * (see {@link FeedNotifier}). After the listening session comes back, every user's
 * streams catch up from the table.
 */
@Component
class FeedWakeUps implements NotificationHandler {

	static final String CHANNEL = "task_events";

	private final FeedHub hub;

	FeedWakeUps(FeedHub hub) {
		this.hub = hub;
	}

	@Override
	public String channel() {
		return CHANNEL;
	}

	@Override
	public void onNotification(String payload) {
		try {
			hub.wake(Long.parseLong(payload));
		}
		catch (NumberFormatException ignored) {
			// Not one of ours: the channel is only a hint, the table is read anyway.
		}
	}

	@Override
	public void onListening() {
		hub.wakeAll();
	}

	@Override
	public void onLost() {
		// Nothing to drop: onListening reads whatever was missed.
	}

}
