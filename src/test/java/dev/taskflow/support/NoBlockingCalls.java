package dev.taskflow.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Registered for every test (see junit-platform.properties): fails a test during which
 * BlockHound caught a blocking call.
 */
public class NoBlockingCalls implements AfterEachCallback {

	@Override
	public void afterEach(ExtensionContext context) {
		List<String> detected = BlockingCalls.detected();
		BlockingCalls.clear();
		if (!detected.isEmpty()) {
			throw new AssertionError("Blocking calls on non-blocking threads: " + detected);
		}
	}

}
