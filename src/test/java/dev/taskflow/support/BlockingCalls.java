package dev.taskflow.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every blocking call BlockHound caught during the run, so a test can assert that there
 * were none.
 */
public final class BlockingCalls {

	private static final List<String> detected = new CopyOnWriteArrayList<>();

	private BlockingCalls() {
	}

	static void record(String method) {
		detected.add(method);
	}

	public static List<String> detected() {
		return List.copyOf(detected);
	}

	public static void clear() {
		detected.clear();
	}

}
