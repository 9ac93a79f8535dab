package dev.taskflow.feed;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire format of the feed (text/event-stream), as EventSource and every SSE client
 * parse it.
 */
class SseFrameTest {

	@Test
	void anEventCarriesItsIdTypeAndDataAndEndsWithABlankLine() {
		SseFrame frame = SseFrame.of(new TaskEvent(42, 7, 9, TaskEvent.CREATED, "{\"id\":9,\"title\":\"Tea ☕\"}"));

		assertThat(frame.lastId()).isEqualTo(42);
		assertThat(text(frame.bytes()))
			.isEqualTo("id: 42\nevent: task.created\ndata: {\"id\":9,\"title\":\"Tea ☕\"}\n\n");
	}

	@Test
	void consecutiveEventsShareOneFrameAndReadAsSeparateEvents() {
		SseFrame frame = SseFrame.of(List.of(created(5), created(6), created(8)));

		assertThat(frame.lastId()).isEqualTo(8);
		assertThat(frame.eventCount()).isEqualTo(3);
		assertThat(text(frame.bytes())).isEqualTo(single(5) + single(6) + single(8));
	}

	@Test
	void aFrameThatStraddlesWhatTheClientHasIsCutToTheEventsAfterIt() {
		SseFrame frame = SseFrame.of(List.of(created(5), created(6), created(8)));

		assertThat(frame.after(4)).isSameAs(frame);
		SseFrame tail = frame.after(5);
		assertThat(tail.eventCount()).isEqualTo(2);
		assertThat(tail.lastId()).isEqualTo(8);
		assertThat(text(tail.bytes())).isEqualTo(single(6) + single(8));
		assertThat(text(frame.after(7).bytes())).isEqualTo(single(8));
		assertThat(frame.after(8)).isNull();
		assertThat(frame.after(100)).isNull();
	}

	@Test
	void eachLineOfMultiLineDataIsADataFieldOfItsOwn() {
		assertThat(text(SseFrame.event(3, "reset", "a\nb\r\nc\rd").bytes()))
			.isEqualTo("id: 3\nevent: reset\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
	}

	@Test
	void theFirstFrameSetsTheReconnectionDelayAndDispatchesNoEvent() {
		assertThat(text(SseFrame.hello(Duration.ofSeconds(2)))).isEqualTo("retry: 2000\n: connected\n\n");
		assertThat(text(SseFrame.comment("heartbeat"))).isEqualTo(": heartbeat\n\n");
	}

	private static TaskEvent created(long id) {
		return new TaskEvent(id, 7, id * 10, TaskEvent.CREATED, "{\"id\":" + id * 10 + "}");
	}

	private static String single(long id) {
		return "id: " + id + "\nevent: task.created\ndata: {\"id\":" + id * 10 + "}\n\n";
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
