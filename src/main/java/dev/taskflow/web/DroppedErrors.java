package dev.taskflow.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Errors that arrive after their request has ended, mostly a client that went away
 * mid-response. Reactor's default logs each at ERROR with a stack trace; a load test's
 * last second would fill the log with them. Here a client that left is a debug line,
 * anything else one warning line naming the error.
 */
@Component
class DroppedErrors {

	private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

	/**
	 * Reactor's hooks are global and add up: installed once per JVM, however many
	 * contexts start.
	 */
	private static final AtomicBoolean installed = new AtomicBoolean();

	DroppedErrors() {
		if (installed.compareAndSet(false, true)) {
			Hooks.onErrorDropped(DroppedErrors::log);
		}
	}

	static void log(Throwable error) {
		if (error instanceof AbortedException || error instanceof IOException) {
			log.debug("Client went away before its response was written: {}", error.getClass().getSimpleName());
		}
		else {
			log.warn("Error after its request had ended: {}", error.getClass().getSimpleName());
		}
	}

}
