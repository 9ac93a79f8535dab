package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;

import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through PgBouncer in transaction mode, a statement of ours is one transaction on the
 * server. PgBouncer sends a {@code SET} ahead of a transaction whenever a startup
 * parameter it tracks differs, as text, from what the server reported; it would do so
 * before every statement if the driver's {@code DateStyle} were not the server's
 * spelling.
 */
class PooledRoundTripsIntegrationTest {

	private static final int STATEMENTS = 300;

	@Test
	void pgBouncerAddsNoStatementOfItsOwnBeforeOurs() throws InterruptedException {
		TestDatabase database = TestDatabase.create();
		LoopResources loop = LoopResources.create("round-trips-test", 1, true);
		try {
			var factory = new PostgresqlConnectionFactory(PostgresConnections
				.configuration(DatabaseUrl.parse("TEST_POOLED_URL", database.pooledUrl()), loop, "round-trips-test")
				.build());
			long before = committed(database);

			Mono.usingWhen(factory.create(),
					connection -> Flux.range(0, STATEMENTS).concatMap(i -> selectOne(connection)).then(),
					PostgresqlConnection::close)
				.block(Duration.ofSeconds(60));

			long counted = awaitCommittedAtLeast(database, before + STATEMENTS) - before;
			// Our statements, the few reads of pg_stat_database itself, never a second
			// transaction per statement.
			assertThat(counted).isBetween((long) STATEMENTS, STATEMENTS + 50L);
		}
		finally {
			loop.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private static Mono<Integer> selectOne(PostgresqlConnection connection) {
		return connection.createStatement("SELECT 1")
			.execute()
			.flatMap(result -> result.map(row -> row.get(0, Integer.class)))
			.single();
	}

	/**
	 * An idle backend publishes its counts within about ten seconds: wait (at most 20 s)
	 * for ours to show, then a little longer, so anything counted late is in too (a SET
	 * of PgBouncer's would be counted with ours).
	 */
	private static long awaitCommittedAtLeast(TestDatabase database, long expected) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (committed(database) < expected && System.nanoTime() < deadline) {
			Thread.sleep(1_000);
		}
		Thread.sleep(2_500);
		return committed(database);
	}

	private static long committed(TestDatabase database) {
		return database.count("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
	}

}
