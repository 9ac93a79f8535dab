package dev.taskflow.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every live subscriber on this instance, grouped by user. Stops before the web server's graceful shutdown, so
 * open streams end cleanly and their clients resume elsewhere with {@code Last-Event-ID}.
 */
@Component
public class FeedHub implements SmartLifecycle {

    private static final int REPLAY_PAGE = 100;
    private static final int CATCH_UP_ROUND = 1000;

    private final TaskEventStore store;
    private final FeedSettings settings;
    private final Map<Long, UserChannel> channels = new ConcurrentHashMap<>();
    private final Counter overflows;
    private volatile boolean running;

    FeedHub(TaskEventStore store, FeedSettings settings, MeterRegistry registry) {
        this.store = store;
        this.settings = settings;
        this.overflows = Counter.builder("taskflow.feed.overflows")
                .description("Subscribers closed because they fell FEED_BUFFER events behind").register(registry);
        Gauge.builder("taskflow.feed.subscribers", this, FeedHub::subscriberCount)
                .description("Live feed subscribers on this instance").register(registry);
    }

    /**
     * The user's events after {@code afterId}: first replayed from the table, then live, with no gap and no duplicate
     * at the seam. The subscriber joins the live channel before the last replay pass, so an event committed in
     * between is either in that pass or delivered live; the id filter drops the one that comes twice.
     */
    Flux<TaskEvent> follow(long userId, long afterId) {
        if (!running) {
            return Flux.empty();
        }
        long[] replayed = {afterId};
        long[] delivered = {afterId};
        FeedSubscriber subscriber = new FeedSubscriber(settings.buffer(), overflows::increment);
        Flux<TaskEvent> join = Mono.fromRunnable(() -> join(userId, subscriber, replayed[0])).thenMany(Flux.empty());
        return Flux.concat(replay(userId, replayed), join, replay(userId, replayed), subscriber.events())
                .takeUntilOther(subscriber.ended())
                .filter(event -> event.id() > delivered[0])
                .doOnNext(event -> delivered[0] = event.id())
                .doFinally(signal -> leave(userId, subscriber));
    }

    public void wake(long userId) {
        UserChannel channel = channels.get(userId);
        if (channel != null) {
            channel.wake();
        }
    }

    /** After the listener reconnects: anything may have been committed while it was away. */
    public void wakeAll() {
        channels.values().forEach(UserChannel::wake);
    }

    /**
     * Wakes every channel whose user has an event newer than the channel has read, in rounds of at most
     * {@code CATCH_UP_ROUND} users: what a lost NOTIFY would otherwise leave waiting until the user's next write.
     * The users are taken at subscription, so the returned {@code Mono} can be subscribed once per round.
     */
    Mono<Void> catchUp() {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(channels.keySet())))
                .buffer(CATCH_UP_ROUND)
                .concatMap(users -> store.latestIds(users.toArray(Long[]::new)))
                .doOnNext(latest -> {
                    UserChannel channel = channels.get(latest.userId());
                    if (channel != null && channel.cursor() < latest.id()) {
                        channel.wake();
                    }
                })
                .then();
    }

    public int subscriberCount() {
        return channels.values().stream().mapToInt(UserChannel::size).sum();
    }

    /**
     * Pages are read whole before they are sent, so a slow client never holds a pooled connection; a page is
     * small, so neither does it hold much memory.
     */
    private Flux<TaskEvent> replay(long userId, long[] position) {
        return Flux.defer(() -> store.after(userId, position[0], REPLAY_PAGE).collectList()
                .flatMapMany(page -> {
                    if (page.isEmpty()) {
                        return Flux.empty();
                    }
                    position[0] = page.getLast().id();
                    Flux<TaskEvent> events = Flux.fromIterable(page);
                    return page.size() < REPLAY_PAGE ? events : events.concatWith(replay(userId, position));
                }));
    }

    private void join(long userId, FeedSubscriber subscriber, long position) {
        channels.compute(userId, (id, channel) -> {
            UserChannel joined = channel == null ? new UserChannel(id, position, store) : channel;
            joined.add(subscriber);
            return joined;
        });
        if (!running) {
            subscriber.close();
        }
    }

    private void leave(long userId, FeedSubscriber subscriber) {
        channels.computeIfPresent(userId, (id, channel) -> channel.remove(subscriber) ? null : channel);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        channels.values().forEach(UserChannel::closeAll);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
