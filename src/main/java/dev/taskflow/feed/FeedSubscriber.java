package dev.taskflow.feed;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import java.time.Duration;

/**
 * One connected client's live queue, bounded by {@code FEED_BUFFER}. A client that falls that far behind is
 * closed once what it already has is delivered; it reconnects with its last event id and replays the rest from the
 * table, so nothing is lost and memory stays bounded.
 */
class FeedSubscriber {

    private final Sinks.Many<TaskEvent> queue;
    private final Runnable onOverflow;

    FeedSubscriber(int buffer, Runnable onOverflow) {
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<TaskEvent>get(buffer).get());
        this.onOverflow = onOverflow;
    }

    void offer(TaskEvent event) {
        Sinks.EmitResult result = queue.tryEmitNext(event);
        if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
            onOverflow.run();
            close();
        }
    }

    void close() {
        // Shutdown may close a subscriber while its channel is delivering to it: retry briefly instead of failing.
        queue.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(50)));
    }

    Flux<TaskEvent> events() {
        return queue.asFlux();
    }
}
