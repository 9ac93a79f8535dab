package dev.taskflow.task;

import dev.taskflow.feed.FeedNotifier;
import dev.taskflow.idempotency.IdempotencyKey;
import dev.taskflow.idempotency.IdempotencyKeys;
import dev.taskflow.idempotency.Once;
import dev.taskflow.web.FieldErrors;
import dev.taskflow.web.ProblemException;

import io.r2dbc.postgresql.api.PostgresqlException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The rules around tasks. Every write is one statement that writes the feed's events too
 * (see {@link TaskRepository}), so a change and its events commit together with no
 * transaction around them, in one round trip; the streams are woken once it has
 * committed. Only a create with an idempotency key is a transaction
 * ({@link TransactionalOperator}): the key's claim, the insert and the recorded response
 * commit together.
 */
@Service
public class TaskService {

	private final TaskRepository tasks;

	private final IdempotencyKeys idempotency;

	private final FeedNotifier feed;

	private final TransactionalOperator transaction;

	/**
	 * One snapshot for several reads: the stream's rows and where the feed stood when
	 * they were read.
	 */
	private final TransactionalOperator snapshot;

	public TaskService(TaskRepository tasks, IdempotencyKeys idempotency, FeedNotifier feed,
			TransactionalOperator transaction, ReactiveTransactionManager transactions) {
		this.tasks = tasks;
		this.idempotency = idempotency;
		this.feed = feed;
		this.transaction = transaction;
		DefaultTransactionDefinition readOnlySnapshot = new DefaultTransactionDefinition();
		readOnlySnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		readOnlySnapshot.setReadOnly(true);
		this.snapshot = TransactionalOperator.create(transactions, readOnlySnapshot);
	}

	/**
	 * Creates a task, at most once per idempotency key ({@code key} may be {@code null}):
	 * a retry gets the task the first request created.
	 */
	public Mono<Once<Task>> create(long userId, NewTask task, IdempotencyKey key) {
		return created(userId, key, tasks.insert(userId, task), Task.class);
	}

	/**
	 * Creates all of {@code batch} in one statement or none of it, at most once per
	 * idempotency key.
	 */
	public Mono<Once<CreatedTasks>> createAll(long userId, List<NewTask> batch, IdempotencyKey key) {
		return created(userId, key, tasks.insertAll(userId, batch).collectList().map(CreatedTasks::new),
				CreatedTasks.class);
	}

	/**
	 * Without an idempotency key the insert is the whole write; with one, it joins the
	 * key's transaction.
	 */
	private <T> Mono<Once<T>> created(long userId, IdempotencyKey key, Mono<T> insert, Class<T> type) {
		if (key == null) {
			return insert.doOnSuccess(created -> feed.announce(userId)).map(Once::fresh);
		}
		return idempotency
			.once(key, insert.flatMap(created -> feed.announceAfterCommit(userId).thenReturn(created)), type)
			.as(transaction::transactional);
	}

	public Mono<Positioned<Task>> find(long userId, long id) {
		return tasks.find(userId, id).switchIfEmpty(Mono.error(TaskService::notFound));
	}

	/**
	 * Applies a merge patch. With {@code versions} (from {@code If-Match}) the task must
	 * still be at one of them, else 412 and nothing changes; without, the last write
	 * wins.
	 */
	public Mono<Task> update(long userId, long id, TaskChanges changes, List<Long> versions) {
		return tasks.update(userId, id, changes, versions)
			.doOnNext(updated -> feed.announce(userId))
			.switchIfEmpty(Mono.defer(() -> missingOrChanged(userId, id)));
	}

	public Mono<Void> delete(long userId, long id, List<Long> versions) {
		return tasks.delete(userId, id, versions).flatMap(deleted -> {
			if (!deleted) {
				return missingOrChanged(userId, id);
			}
			feed.announce(userId);
			return Mono.empty();
		});
	}

	/**
	 * Applies one change to every matching task (at most
	 * {@link TaskRepository#BULK_LIMIT} per request). A change that would give a task
	 * more than 20 tags changes nothing: 422.
	 */
	public Mono<BulkResult> updateAll(long userId, TaskFilter filter, BulkChanges changes) {
		return tasks.updateAll(userId, filter, changes)
			.onErrorMap(TaskService::tooManyTags, error -> tooManyTags())
			.doOnNext(result -> announceIfAny(userId, result));
	}

	public Mono<BulkResult> deleteAll(long userId, TaskFilter filter) {
		return tasks.deleteAll(userId, filter).doOnNext(result -> announceIfAny(userId, result));
	}

	private void announceIfAny(long userId, BulkResult result) {
		if (result.count() > 0) {
			feed.announce(userId);
		}
	}

	public Mono<TagList> tags(long userId, int limit) {
		return tasks.tagCounts(userId, limit).collectList().map(TagList::new);
	}

	public Mono<TaskPage> list(long userId, TaskListQuery query) {
		// A page is at most 101 rows, so it is gathered.
		return tasks.page(userId, query).map(page -> {
			List<Task> items = page.tasks();
			String nextCursor = null;
			if (items.size() > query.limit()) {
				items = items.subList(0, query.limit());
				nextCursor = TaskCursor.after(query.order(), items.getLast());
			}
			return new TaskPage(items, page.total(), query.limit(), query.cursor() == null ? query.offset() : null,
					nextCursor, page.feedPosition());
		});
	}

	/**
	 * Every matching task, and where the feed stood when they were read: both from one
	 * read-only snapshot (a repeatable-read transaction, as the rows are too many for one
	 * gathered statement). The tasks are streamed as they arrive once the position is
	 * known; the transaction ends with them.
	 */
	public Mono<Positioned<Flux<Task>>> stream(long userId, TaskStreamQuery query) {
		Flux<Object> read = snapshot.execute(status -> tasks.feedPosition(userId)
			.flatMapMany(position -> Flux.<Object>just(position).concatWith(tasks.stream(userId, query))));
		// The first item is the position; the rest, subscribed when the response body is
		// written, are the tasks.
		return read.switchOnFirst((first, all) -> first.hasValue()
				? Mono.just(new Positioned<>(all.skip(1).cast(Task.class), (Long) first.get()))
				: all.then(Mono.empty()), false)
			.singleOrEmpty();
	}

	public Mono<TaskStats> stats(long userId) {
		return tasks.stats(userId);
	}

	/**
	 * After a conditional write matched nothing: 404 if the caller has no such task, else
	 * its version moved on.
	 */
	private <T> Mono<T> missingOrChanged(long userId, long id) {
		return tasks.exists(userId, id)
			.flatMap(exists -> Mono.error(exists ? new ProblemException(HttpStatus.PRECONDITION_FAILED,
					"The task has changed since the version in If-Match; fetch it again and reapply the change.")
					: notFound()));
	}

	private static boolean tooManyTags(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (cause instanceof PostgresqlException postgres
					&& postgres.getErrorDetails().getConstraintName().filter("tasks_tags_check"::equals).isPresent()) {
				return true;
			}
		}
		return false;
	}

	private static ProblemException tooManyTags() {
		return new FieldErrors()
			.reject("addTags", "would give a task more than " + TaskRequests.MAX_TAGS + " tags; nothing was changed")
			.problem();
	}

	private static ProblemException notFound() {
		return new ProblemException(HttpStatus.NOT_FOUND, "No such task.");
	}

}
