package dev.taskflow.task;

import dev.taskflow.db.DatabaseUrl;
import dev.taskflow.db.PostgresConnections;
import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestUsers;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's list reads against the real database (through PgBouncer, migrated),
 * with no server in between: keyset pages cover every task once in the order asked for,
 * and a stream hands out rows only as they are requested and gives its connection back
 * when cancelled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskRepositoryTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int TASKS = 23;

	private LoopResources loop;

	private ConnectionPool pool;

	private TaskRepository repository;

	private long userId;

	/** As inserted; created in one statement, so every created_at is the same. */
	private List<Task> tasks;

	@BeforeAll
	void insertTasks() {
		TestDatabase database = TestDatabase.main();
		loop = LoopResources.create("task-repository-test", 1, true);
		var connections = new PostgresqlConnectionFactory(PostgresConnections
			.configuration(DatabaseUrl.parse("TEST_POOLED_URL", database.pooledUrl()), loop, "task-repository-test")
			.build());
		pool = new ConnectionPool(ConnectionPoolConfiguration.builder(connections).initialSize(0).maxSize(2).build());
		repository = new TaskRepository(DatabaseClient.create(pool));
		userId = TestUsers.create(database).id();
		List<NewTask> toInsert = new ArrayList<>();
		for (int i = 0; i < TASKS; i++) {
			// Zero-padded titles sort the same under any collation; priorities and due
			// dates repeat, so ties must be broken by id; every fourth task is undated.
			Instant due = i % 4 == 0 ? null : Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(i % 5));
			toInsert.add(new NewTask("Task %02d".formatted(TASKS - i), null, Priority.values()[i % 3], due, false,
					List.of()));
		}
		tasks = repository.insertAll(userId, toInsert).collectList().block(WAIT);
		assertThat(tasks).hasSize(TASKS);
	}

	@AfterAll
	void close() {
		pool.disposeLater().block(WAIT);
		loop.disposeLater().block(WAIT);
	}

	@Test
	void keysetPagesAreCompleteDisjointAndInOrderUnderEverySort() {
		for (TaskOrder order : List.of(TaskOrder.DEFAULT, new TaskOrder(TaskSort.DUE_AT, false),
				new TaskOrder(TaskSort.DUE_AT, true), new TaskOrder(TaskSort.PRIORITY, true),
				new TaskOrder(TaskSort.TITLE, false))) {
			List<Long> expected = tasks.stream().sorted(javaOrder(order)).map(Task::id).toList();

			assertThat(walkPages(order, 5)).as("ids of every page under %s", order.parameter())
				.containsExactlyElementsOf(expected);
		}
	}

	@Test
	void aPageHoldsTheLimitAndOneMoreRowOnlyToTellThatAnotherFollows() {
		TaskListQuery first = new TaskListQuery(TaskFilter.ANY, TaskOrder.DEFAULT, 10, 0, null, true);

		StepVerifier.create(repository.page(userId, first)).assertNext(page -> {
			assertThat(page.tasks()).hasSize(11);
			assertThat(page.total()).isEqualTo(TASKS);
		}).verifyComplete();

		TaskListQuery all = new TaskListQuery(TaskFilter.ANY, TaskOrder.DEFAULT, TASKS, 0, null, false);
		StepVerifier.create(repository.page(userId, all)).assertNext(page -> {
			assertThat(page.tasks()).as("no row beyond the last task").hasSize(TASKS);
			assertThat(page.total()).as("not counted").isNull();
		}).verifyComplete();
	}

	@Test
	void aStreamHandsOutOnlyTheRowsRequestedAndGivesItsConnectionBackWhenCancelled() {
		TaskStreamQuery query = new TaskStreamQuery(TaskFilter.ANY, new TaskOrder(TaskSort.TITLE, false));
		List<Task> streamed = new ArrayList<>();

		StepVerifier.create(repository.stream(userId, query), 0)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenRequest(3)
			.recordWith(() -> streamed)
			.expectNextCount(3)
			.expectNoEvent(Duration.ofMillis(300))
			.thenRequest(4)
			.expectNextCount(4)
			.expectNoEvent(Duration.ofMillis(300))
			.thenCancel()
			.verify(WAIT);

		assertThat(streamed).extracting(Task::title)
			.containsExactly("Task 01", "Task 02", "Task 03", "Task 04", "Task 05", "Task 06", "Task 07");
		awaitNoConnectionAcquired();
		StepVerifier.create(repository.stats(userId))
			.assertNext(stats -> assertThat(stats.total()).isEqualTo(TASKS))
			.expectComplete()
			.verify(WAIT);
	}

	@Test
	void aStreamReadToTheEndHasEveryTaskInOrder() {
		TaskOrder order = new TaskOrder(TaskSort.PRIORITY, false);
		List<Long> expected = tasks.stream().sorted(javaOrder(order)).map(Task::id).toList();

		StepVerifier.create(repository.stream(userId, new TaskStreamQuery(TaskFilter.ANY, order)).map(Task::id))
			.expectNextSequence(expected)
			.expectComplete()
			.verify(WAIT);
	}

	/**
	 * Every id from the first page to the last, following cursors as a client does; the
	 * extra row of each page is checked against the next page's first.
	 */
	private List<Long> walkPages(TaskOrder order, int limit) {
		List<Long> ids = new ArrayList<>();
		TaskCursor cursor = null;
		Long announced = null;
		for (int pages = 0; pages <= TASKS; pages++) {
			List<Task> rows = repository.page(userId, new TaskListQuery(TaskFilter.ANY, order, limit, 0, cursor, false))
				.block(WAIT)
				.tasks();
			assertThat(rows.size()).as("rows of a page").isBetween(1, limit + 1);
			if (announced != null) {
				assertThat(rows.getFirst().id()).as("the previous page's extra row begins this one")
					.isEqualTo(announced);
			}
			List<Task> page = rows.subList(0, Math.min(limit, rows.size()));
			page.forEach(task -> ids.add(task.id()));
			if (rows.size() <= limit) {
				return ids;
			}
			announced = rows.get(limit).id();
			cursor = TaskCursor.parse(TaskCursor.after(order, page.getLast()), order);
		}
		throw new AssertionError("paging did not end after " + TASKS + " pages: " + ids);
	}

	/**
	 * The order the API documents, written out in Java: undated tasks due at infinity.
	 */
	private static Comparator<Task> javaOrder(TaskOrder order) {
		Comparator<Task> byKey = switch (order.sort()) {
			case CREATED_AT -> Comparator.comparing(Task::createdAt);
			case UPDATED_AT -> Comparator.comparing(Task::updatedAt);
			case DUE_AT -> Comparator.comparing(task -> task.dueAt() == null ? Instant.MAX : task.dueAt());
			case COMPLETED_AT ->
				Comparator.comparing(task -> task.completedAt() == null ? Instant.MIN : task.completedAt());
			case PRIORITY -> Comparator.comparing(Task::priority);
			case TITLE -> Comparator.comparing(Task::title);
		};
		Comparator<Task> total = byKey.thenComparing(Task::id);
		return order.descending() ? total.reversed() : total;
	}

	private void awaitNoConnectionAcquired() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (pool.getMetrics().orElseThrow().acquiredSize() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError(e);
			}
		}
		assertThat(pool.getMetrics().orElseThrow().acquiredSize()).as("connections still held after the cancel")
			.isZero();
	}

}
