package dev.taskflow.support;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suite's guard against blocking an event loop is only worth something if it really
 * is armed.
 */
class BlockHoundInstalledTest {

	@Test
	void aBlockingCallOnANonBlockingThreadIsCaught() {
		Mono<Integer> blocking = Mono.fromCallable(() -> {
			Thread.sleep(1);
			return 1;
		}).subscribeOn(Schedulers.parallel());

		StepVerifier.create(blocking)
			.expectErrorMatches(error -> error instanceof TestSessionListener.BlockingOperationDetected)
			.verify();
		assertThat(BlockingCalls.detected()).anyMatch(method -> method.contains("sleep"));
		BlockingCalls.clear();
	}

}
