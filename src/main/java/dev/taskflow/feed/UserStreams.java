package dev.taskflow.feed;

import dev.taskflow.security.UserStatus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One user's live streams (subscribers) on this instance and how far the user's events
 * have been read for them. Not a "channel": that word is kept for PostgreSQL's LISTEN
 * channel ({@link FeedWakeUps}). Reading is {@link FeedHub}'s: once per wake-up, however
 * many of the user's clients are connected.
 */
class UserStreams {

	private final Set<FeedSubscriber> subscribers = ConcurrentHashMap.newKeySet();

	private volatile long cursor;

	UserStreams(long cursor) {
		this.cursor = cursor;
	}

	void add(FeedSubscriber subscriber) {
		subscribers.add(subscriber);
	}

	/** Returns whether no subscriber is left. */
	boolean remove(FeedSubscriber subscriber) {
		subscribers.remove(subscriber);
		return subscribers.isEmpty();
	}

	int size() {
		return subscribers.size();
	}

	/** The id of the last event read for this user. */
	long cursor() {
		return cursor;
	}

	void closeAll() {
		subscribers.forEach(FeedSubscriber::close);
	}

	/**
	 * Ends the streams opened under another status than {@code current} (null: the user
	 * is no longer active).
	 */
	void closeUnless(UserStatus current) {
		for (FeedSubscriber subscriber : subscribers) {
			if (!subscriber.openedAs().equals(current)) {
				subscriber.close();
			}
		}
	}

	/**
	 * Called by one reader at a time, with consecutive events in id order. They are
	 * rendered once, as one frame, for all of the user's streams.
	 */
	void deliver(List<TaskEvent> events) {
		SseFrame frame = SseFrame.of(events);
		cursor = frame.lastId();
		for (FeedSubscriber subscriber : subscribers) {
			subscriber.offer(frame);
		}
	}

}
