package dev.taskflow.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Readiness follows the database: an instance that cannot reach it should get no traffic.
 */
@Component("database")
class DatabaseHealthIndicator implements ReactiveHealthIndicator {

	private final DatabaseProbe probe;

	DatabaseHealthIndicator(DatabaseProbe probe) {
		this.probe = probe;
	}

	@Override
	public Mono<Health> health() {
		return probe.check()
			.map(check -> check.up() ? Health.up().withDetail("latencyMs", check.latencyMs()).build()
					: Health.down().withDetail("error", check.error()).build());
	}

}
