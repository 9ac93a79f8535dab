package dev.taskflow.web;

import dev.taskflow.support.TestServer;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Operators;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An error that arrives after its request has ended (a client gone mid-response) is one
 * line, never a stack trace.
 */
class DroppedErrorsIntegrationTest {

	@Test
	void errorsAfterTheRequestEndedAreOneLineEach() {
		TestServer.shared();
		PrintStream console = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			Operators.onErrorDropped(new AbortedException("Connection has been closed BEFORE send operation"),
					Context.empty());
			Operators.onErrorDropped(new IllegalStateException("late failure with details"), Context.empty());
		}
		finally {
			System.setOut(console);
		}

		String logs = captured.toString(StandardCharsets.UTF_8);
		assertThat(logs).contains("Error after its request had ended: IllegalStateException");
		assertThat(logs).doesNotContain("\tat ", "late failure with details", "onErrorDropped",
				"BEFORE send operation");
	}

}
