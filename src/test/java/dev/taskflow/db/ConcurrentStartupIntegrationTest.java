package dev.taskflow.db;

import dev.taskflow.support.TestDatabase;
import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances starting together against an empty database: Liquibase's lock lets
 * exactly one migrate.
 */
class ConcurrentStartupIntegrationTest {

	@Test
	void twoInstancesStartingAtOnceBothComeUpAndEachChangesetRunsOnce() throws Exception {
		TestDatabase database = TestDatabase.create();

		CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> TestServer.start(database, Map.of()));
		CompletableFuture<TestServer> second = CompletableFuture
			.supplyAsync(() -> TestServer.start(database, Map.of()));
		List<TestServer> servers = List.of(first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS));
		try {
			for (TestServer server : servers) {
				server.client().get().uri("/health/db").exchange().expectStatus().isOk();
			}
			long changesets = database.count("SELECT count(*) FROM databasechangelog");
			long distinct = database.count("SELECT count(DISTINCT id) FROM databasechangelog");
			assertThat(changesets).isPositive().isEqualTo(distinct);
			assertThat(database.count("SELECT count(*) FROM databasechangeloglock WHERE locked")).isZero();
		}
		finally {
			servers.forEach(TestServer::close);
		}
	}

}
