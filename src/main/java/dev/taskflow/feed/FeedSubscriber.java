package dev.taskflow.feed;

import dev.taskflow.security.UserStatus;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected client's live queue, bounded by {@code FEED_BUFFER} events not yet taken
 * by its connection. A client that falls that far behind is ended at once, without
 * waiting for it to read what is queued: its resources go now, and it resumes from the
 * last event it did receive, replaying the rest from the table, so nothing is lost.
 */
class FeedSubscriber {

	private final int buffer;

	/** Events in the queue: frames carry several, and the bound is on events. */
	private final AtomicInteger queued = new AtomicInteger();

	private final Sinks.Many<SseFrame> queue;

	private final Sinks.Empty<Void> ended = Sinks.empty();

	private final Runnable onOverflow;

	private final UserStatus openedAs;

	/**
	 * @param openedAs the user's status the stream was opened under
	 */
	FeedSubscriber(int buffer, Runnable onOverflow, UserStatus openedAs) {
		this.buffer = buffer;
		this.openedAs = openedAs;
		// The bound is the count of events; the queue grows in small chunks as frames
		// arrive, so an idle subscriber
		// holds a few references, not an array sized for the whole buffer.
		this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<SseFrame>unbounded(16).get());
		this.onOverflow = onOverflow;
	}

	UserStatus openedAs() {
		return openedAs;
	}

	void offer(SseFrame frame) {
		if (queued.addAndGet(frame.eventCount()) <= buffer) {
			queue.tryEmitNext(frame);
		}
		else if (ended.tryEmitEmpty().isSuccess()) {
			onOverflow.run();
		}
	}

	/**
	 * Ends the stream: on overflow, when its user's status changes, and for every
	 * subscriber when the server shuts down.
	 */
	void close() {
		ended.tryEmitEmpty();
	}

	Flux<SseFrame> events() {
		return queue.asFlux().doOnNext(frame -> queued.addAndGet(-frame.eventCount()));
	}

	Mono<Void> ended() {
		return ended.asMono();
	}

}
