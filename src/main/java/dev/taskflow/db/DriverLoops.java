package dev.taskflow.db;

import reactor.netty.resources.LoopResources;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The database driver's event loops: one single-thread {@link LoopResources} per core,
 * each given to its own connection factory. One multi-thread {@code LoopResources} is not
 * enough: every connection r2dbc-pool opens lands on the same loop of it, colocated or
 * not (r2dbc-pool issue 190, reproduced by {@code bench/LoopSpread.java}), and then all
 * the work that follows a database reply runs on one core. Owned by this application, so
 * they close with it rather than with whatever else shares Reactor Netty's global
 * resources.
 */
public final class DriverLoops {

	private final List<LoopResources> loops;

	DriverLoops(int count) {
		this.loops = IntStream.rangeClosed(1, count)
			.mapToObj(i -> LoopResources.create("taskflow-db-" + i, 1, 1, true, false))
			.toList();
	}

	public List<LoopResources> all() {
		return loops;
	}

	/** For the few long-lived direct sessions (the feed's listener). */
	public LoopResources first() {
		return loops.getFirst();
	}

	void dispose() {
		loops.forEach(LoopResources::dispose);
	}

}
