package dev.taskflow.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.blockhound.BlockHound;

/**
 * Around the whole test run: BlockHound is installed before the first test, so any
 * blocking call on an event-loop thread fails the request that made it; the run's
 * databases are dropped at the end.
 */
public class TestSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		BlockHound.install(builder -> builder
			// Console logging writes synchronously; it is not on a request's critical
			// path.
			.allowBlockingCallsInside("ch.qos.logback.classic.Logger", "callAppenders")
			// SecureRandom's default source is /dev/urandom, which never blocks (used by
			// SCRAM and UUIDs).
			.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "implNextBytes")
			// Netty 4.2's buffer allocator holds a StampedLock for a few instructions (no
			// I/O) to add magazines.
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
			// Jackson builds each type's deserializer once, under a lock (no I/O); two
			// first requests can meet there.
			.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
					"_createAndCacheValueDeserializer")
			// Cancelling a periodic timer (a stream's heartbeat, Flux.interval) removes
			// it from the executor's delay
			// queue under that queue's lock, for a few instructions. Reactor's own
			// BlockHound integration allows
			// the same for one-shot tasks (SchedulerTask, WorkerTask: reactor-core #3210,
			// #3213), not this one.
			.allowBlockingCallsInside("reactor.core.scheduler.PeriodicWorkerTask", "dispose")
			.blockingMethodCallback(method -> {
				BlockingCalls.record(method + " on " + Thread.currentThread().getName() + " from "
						+ java.util.Arrays.stream(new Throwable().getStackTrace())
							.skip(2)
							.limit(25)
							.map(StackTraceElement::toString)
							.toList());
				throw new BlockingOperationDetected(method.toString());
			}));
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		TestServer.closeShared();
		TestDatabase.dropAll();
	}

	/** Thrown into the offending pipeline, so the request that blocked fails visibly. */
	public static class BlockingOperationDetected extends Error {

		BlockingOperationDetected(String method) {
			super("Blocking call on a non-blocking thread: " + method);
		}

	}

}
