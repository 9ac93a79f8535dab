package dev.taskflow.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

	/** r2dbc-pool's "no timeout". */
	private static final Duration NO_TIMEOUT = Duration.ofMillis(-1);

	/**
	 * A round trip of pre-ping slower than this is taken for a dead connection (a healthy
	 * one answers in ms).
	 */
	private static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);

	@Bean
	Migrations migrations(DatabaseSettings settings) {
		return new Migrations(settings.direct());
	}

	@Bean
	DatabaseStartup databaseStartup(DatabaseSettings settings, Migrations migrations) {
		return new DatabaseStartup(settings, migrations);
	}

	@Bean(destroyMethod = "dispose")
	DriverLoops driverLoops() {
		return new DriverLoops(Math.max(2, Runtime.getRuntime().availableProcessors()));
	}

	/**
	 * The pooled endpoint: one driver connection factory per event loop, taken in turn,
	 * under r2dbc-pool sized by {@code DB_POOL_*} (Spring Boot's own pool would put every
	 * connection on one loop). Statements are named and cached unless
	 * {@code DB_PREPARED_STATEMENTS=false}: a pooler in transaction mode hands each
	 * transaction another server connection, and only one that keeps prepared statements
	 * (PgBouncer 1.21 or later, as Neon's) can follow.
	 */
	@Bean
	ConnectionFactory connectionFactory(DatabaseSettings settings, DriverLoops loops) {
		ConnectionFactory drivers = new RoundRobinConnectionFactory(loops.all()
			.stream()
			.map(loop -> new PostgresqlConnectionFactory(
					PostgresConnections.configuration(settings.pooled(), loop, "taskflow")
						.preparedStatementCacheQueries(settings.preparedStatements() ? 256 : 0)
						.build()))
			.toList());
		PoolSettings pool = settings.pool();
		return pool.pooled() ? pooled(drivers, pool) : drivers;
	}

	static ConnectionFactory pooled(ConnectionFactory drivers, PoolSettings pool) {
		ConnectionPool connections = new ConnectionPool(ConnectionPoolConfiguration.builder(drivers)
			.name("taskflow")
			.initialSize(pool.size())
			.minIdle(pool.size())
			.maxSize(pool.maxSize())
			// Overflow connections are closed once idle this long; the kept ones are
			// replaced up to minIdle.
			.maxIdleTime(Duration.ofSeconds(60))
			// No timeout per acquire: r2dbc-pool arms one on the parallel scheduler for
			// every acquire, waiting or
			// not, and a request's wait is already bounded by the same DB_POOL_TIMEOUT
			// (web.RequestDeadline).
			// Opening one is bounded, startup included: a pooler that accepts TCP and
			// then says nothing (frozen,
			// or a dark network path) would otherwise hold the attempt for as long as the
			// socket lives.
			.maxCreateConnectionTime(pool.timeout())
			.maxLifeTime(pool.recycle())
			// A local validation only looks at the socket; only the round trip of
			// pre-ping can hang, so only it
			// gets a timeout (another timer per acquire otherwise), never longer than a
			// request may wait anyway.
			.maxValidationTime(pool.prePing() ? min(VALIDATION_TIMEOUT, pool.timeout()) : NO_TIMEOUT)
			.validationDepth(pool.prePing() ? ValidationDepth.REMOTE : ValidationDepth.LOCAL)
			// Retried by LiveConnections instead, and only after a failed validation.
			.acquireRetry(0)
			.customizer(builder -> builder.maxPendingAcquire(pool.maxWaiting())
				// Closing a dead connection can fail (a broken pipe on its Terminate
				// message), and r2dbc-pool
				// then fails the acquire with that error instead of the failed
				// validation: the connection is
				// gone either way, so its close counts as done and the acquire moves on
				// to the next.
				.destroyHandler(connection -> Mono.from(connection.close()).onErrorComplete()))
			.build());
		return new LiveConnections(connections, pool.maxSize());
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	/**
	 * The pool, handing out only connections that pass validation. After a suspended
	 * compute or a restarted pooler closed them, every idle connection may be dead at
	 * once. r2dbc-pool drops one that fails validation, but then fails the acquire (it
	 * retries once, whatever the error), so requests would pay for the dead connections
	 * with 503s. Here an acquire moves on past each dead one, as many as the pool holds,
	 * and so reaches a new connection. Nothing else is retried: a database that is down,
	 * or a full queue, fails the acquire at once as before.
	 */
	static final class LiveConnections implements ConnectionFactory, Wrapped<ConnectionFactory>, Closeable, Disposable {

		/**
		 * r2dbc-pool's words for a connection that failed validation
		 * (io.r2dbc.pool.Validation, ConnectionPool).
		 */
		private static final String VALIDATION_FAILED = "Connection validation failed";

		private static final String VALIDATION_TIMED_OUT = "Validation timed out";

		private final ConnectionPool pool;

		private final int deadAtMost;

		private final Mono<Connection> acquire;

		LiveConnections(ConnectionPool pool, int deadAtMost) {
			this.pool = pool;
			this.deadAtMost = deadAtMost;
			this.acquire = attempt(0);
		}

		/** One operator per acquire; the next attempt is only built once one fails. */
		private Mono<Connection> attempt(int failed) {
			Mono<Connection> attempt = pool.create();
			return failed >= deadAtMost ? attempt
					: attempt.onErrorResume(LiveConnections::failedValidation, error -> attempt(failed + 1));
		}

		static boolean failedValidation(Throwable error) {
			String message = error.getMessage();
			return message != null && (error.getClass() == R2dbcNonTransientResourceException.class
					&& message.equals(VALIDATION_FAILED)
					|| error instanceof R2dbcTimeoutException && message.startsWith(VALIDATION_TIMED_OUT));
		}

		@Override
		public Mono<Connection> create() {
			return acquire;
		}

		@Override
		public ConnectionFactoryMetadata getMetadata() {
			return pool.getMetadata();
		}

		@Override
		public ConnectionFactory unwrap() {
			return pool;
		}

		@Override
		public Mono<Void> close() {
			return pool.close();
		}

		@Override
		public void dispose() {
			pool.dispose();
		}

		@Override
		public boolean isDisposed() {
			return pool.isDisposed();
		}

	}

}
