package dev.taskflow.feed;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * Writes feed events inside the caller's transaction: call it from the same {@code TransactionalOperator} unit as
 * the change, last, just before commit. Subscribers are woken once the transaction has committed. A write whose
 * statement also inserts its events (as creates do) only announces them.
 */
@Component
public class TaskEventRecorder {

    /** A change not yet written: which task, what happened, and the task's JSON (or {"id":…} for a delete). */
    public record PendingEvent(long taskId, String type, String payload) {
    }

    private final DatabaseClient database;
    private final FeedNotifier notifier;

    TaskEventRecorder(DatabaseClient database, FeedNotifier notifier) {
        this.database = database;
        this.notifier = notifier;
    }

    /**
     * One statement for any number of events: it takes the user's transaction-scoped lock first, so this user's
     * event ids are allocated and committed in the same order (a reader that follows "id > last" never skips one
     * committed late). The NOTIFY goes out after the commit (see {@link FeedNotifier}); outside a transaction
     * this fails with {@code NoTransactionException}.
     */
    public Mono<Void> record(long userId, List<PendingEvent> events) {
        if (events.isEmpty()) {
            return Mono.empty();
        }
        return database.sql("""
                        INSERT INTO task_events (user_id, task_id, type, payload)
                        SELECT :userId, e.task_id, e.type, e.payload
                        FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:userId))) AS user_lock,
                             unnest(CAST(:taskIds AS bigint[]), CAST(:types AS text[]), CAST(:payloads AS text[]))
                                 WITH ORDINALITY AS e(task_id, type, payload, position)
                        ORDER BY e.position""")
                .bind("userId", userId)
                .bind("taskIds", events.stream().map(PendingEvent::taskId).toArray(Long[]::new))
                .bind("types", events.stream().map(PendingEvent::type).toArray(String[]::new))
                .bind("payloads", events.stream().map(PendingEvent::payload).toArray(String[]::new))
                .then()
                .then(announceAfterCommit(userId));
    }

    /** Wakes the user's streams now: for an event that a single statement wrote and committed. */
    public void announce(long userId) {
        notifier.announce(userId);
    }

    /** Wakes the user's streams once the current transaction has committed, and not at all if it rolls back. */
    public Mono<Void> announceAfterCommit(long userId) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(transaction -> transaction.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(() -> notifier.announce(userId));
                    }
                }))
                .then();
    }
}
