package dev.taskflow.feed;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One connected client's live queue, bounded by {@code FEED_BUFFER} (rounded up to a power of two). A client that
 * falls that far behind is ended at once, without waiting for it to read what is queued: its resources go now, and
 * it resumes from the last event it did receive, replaying the rest from the table, so nothing is lost.
 */
class FeedSubscriber {

    private final Sinks.Many<SseFrame> queue;
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final Runnable onOverflow;

    FeedSubscriber(int buffer, Runnable onOverflow) {
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<SseFrame>get(buffer).get());
        this.onOverflow = onOverflow;
    }

    void offer(SseFrame frame) {
        if (queue.tryEmitNext(frame) == Sinks.EmitResult.FAIL_OVERFLOW && ended.tryEmitEmpty().isSuccess()) {
            onOverflow.run();
        }
    }

    /** Ends the stream: on overflow, and for every subscriber when the server shuts down. */
    void close() {
        ended.tryEmitEmpty();
    }

    Flux<SseFrame> events() {
        return queue.asFlux();
    }

    Mono<Void> ended() {
        return ended.asMono();
    }
}
