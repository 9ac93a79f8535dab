package dev.taskflow.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One user's live events on this instance. A wake-up (a NOTIFY for the user, or a reconnect of the listener)
 * makes it read what is new from the table once, however many of the user's clients are connected, and hand the
 * events to each of them.
 */
class UserChannel {

    private static final Logger log = LoggerFactory.getLogger(UserChannel.class);
    private static final int PAGE = 500;

    private final long userId;
    private final TaskEventStore store;
    private final Set<FeedSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pendingWakeUps = new AtomicInteger();
    private volatile long cursor;

    UserChannel(long userId, long cursor, TaskEventStore store) {
        this.userId = userId;
        this.cursor = cursor;
        this.store = store;
    }

    void add(FeedSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** Returns whether the channel has no subscriber left. */
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

    /** Coalesces wake-ups: while a read is running, further wake-ups cause exactly one more read after it. */
    void wake() {
        if (pendingWakeUps.getAndIncrement() == 0) {
            readNew();
        }
    }

    private void readNew() {
        int observed = pendingWakeUps.get();
        store.after(userId, cursor, PAGE)
                .doOnNext(this::deliver)
                .count()
                .subscribe(read -> {
                    if (read == PAGE) {
                        readNew();
                    } else if (pendingWakeUps.addAndGet(-observed) != 0) {
                        readNew();
                    }
                }, error -> {
                    // The next wake-up (or the listener's reconnect) reads again from the same cursor.
                    log.warn("Feed read for a user failed: {}", error.getClass().getSimpleName());
                    pendingWakeUps.set(0);
                });
    }

    private void deliver(TaskEvent event) {
        cursor = event.id();
        for (FeedSubscriber subscriber : subscribers) {
            subscriber.offer(event);
        }
    }
}
