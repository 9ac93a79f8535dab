package dev.taskflow.support;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.postgresql.PostgreSQLR2DBCDatabaseContainer;

/**
 * With {@code TEST_DATABASE=testcontainers} and a Docker engine, the suite runs on a
 * throwaway PostgreSQL container instead of the local services. The container has no
 * PgBouncer in front, so pooled and direct URLs are the same server; tests of the local
 * services themselves (outages) are skipped there.
 *
 * <p>
 * {@code TEST_POSTGRES_IMAGE} names another PostgreSQL image, such as the local one
 * {@code scripts/containers.sh} builds for Podman without a registry
 * ({@code localhost/postgres:15-local}); {@code scripts/test.sh} sets it there.
 */
final class ContainerDatabase {

	private static PostgreSQLContainer container;

	private ContainerDatabase() {
	}

	static boolean enabled() {
		return "testcontainers".equalsIgnoreCase(System.getenv("TEST_DATABASE"));
	}

	/**
	 * A base URL (database {@code taskflow}) for the one container of the run, started on
	 * first use.
	 */
	static synchronized String baseUrl() {
		if (container == null) {
			String image = System.getenv().getOrDefault("TEST_POSTGRES_IMAGE", "postgres:16-alpine");
			container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
				.withDatabaseName("taskflow")
				.withUsername("taskflow")
				.withPassword("taskflow");
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
		}
		ConnectionFactoryOptions options = PostgreSQLR2DBCDatabaseContainer.getOptions(container);
		return "postgresql://taskflow:taskflow@" + options.getRequiredValue(ConnectionFactoryOptions.HOST) + ":"
				+ options.getRequiredValue(ConnectionFactoryOptions.PORT) + "/taskflow"
				// The container is reached at the engine's address (Podman: the bridge
				// gateway, not loopback), where
				// the URL's default would be sslmode=require; a throwaway PostgreSQL
				// container has no TLS.
				+ "?sslmode=disable";
	}

}
