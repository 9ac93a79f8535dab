package dev.taskflow.db;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pooled connections are served by every driver event loop, not all by one
 * (r2dbc-pool issue 190).
 */
class DriverLoopsIntegrationTest {

	private final TestServer server = TestServer.shared();

	@Test
	void concurrentQueriesAreAnsweredOnEveryDriverLoop() {
		DatabaseClient database = server.bean(DatabaseClient.class);
		int loops = server.bean(DriverLoops.class).all().size();
		Set<String> threads = ConcurrentHashMap.newKeySet();

		// Enough overlapping queries to hold several pooled connections at once.
		Flux.range(0, 200)
			.flatMap(i -> database.sql("SELECT pg_sleep(0.005)")
				.fetch()
				.rowsUpdated()
				.doOnNext(ignored -> threads.add(Thread.currentThread().getName())), 10)
			.blockLast(Duration.ofSeconds(60));

		assertThat(threads).allMatch(name -> name.startsWith("taskflow-db-"));
		assertThat(
				threads.stream().map(name -> name.substring(0, name.indexOf('-', "taskflow-db-".length()))).distinct())
			.hasSize(loops);
	}

}
