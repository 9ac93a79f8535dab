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

	@Test
	void aClientReadsBackExactlyTheDataSentWhateverItsLinesHold() {
		for (String data : List.of("two\nlines", " leading space", ": not a comment", "data: nested",
				"ends in a break\n", "\nstarts with one", "", "tab\tand ☕")) {
			List<String[]> events = parse(text(SseFrame.event(11, "task.updated", data).bytes()));

			assertThat(events).as("events read from %s", data).hasSize(1);
			assertThat(events.getFirst()).as("id, type and data of %s", data)
				.containsExactly("11", "task.updated", data);
		}
	}

	@Test
	void carriageReturnsInDataReachTheClientAsLineFeeds() {
		assertThat(parse(text(SseFrame.event(1, "x", "a\r\nb\rc").bytes())).getFirst()[2]).isEqualTo("a\nb\nc");
	}

	@Test
	void eachEventOfAFrameKeepsItsOwnIdSoAClientResumesAfterTheLastOneItRead() {
		List<String[]> events = parse(text(SseFrame.of(List.of(created(5), created(6))).bytes()));

		assertThat(events).extracting(event -> event[0]).containsExactly("5", "6");
		assertThat(events).extracting(event -> event[2]).containsExactly("{\"id\":50}", "{\"id\":60}");
	}

	@Test
	void aSingleEventFrameIsKeptWholeOrDroppedWhole() {
		SseFrame frame = SseFrame.of(created(9));

		assertThat(frame.eventCount()).isOne();
		assertThat(frame.after(8)).isSameAs(frame);
		assertThat(frame.after(9)).isNull();
	}

	@Test
	void theReconnectionDelayIsInMillisecondsAndCommentsDispatchNothing() {
		assertThat(text(SseFrame.hello(Duration.ofMillis(1500)))).startsWith("retry: 1500\n");
		assertThat(parse(text(SseFrame.hello(Duration.ofMillis(1500))))).isEmpty();
		assertThat(parse(text(SseFrame.comment("heartbeat")))).isEmpty();
	}

	/**
	 * The events an EventSource dispatches from {@code stream}, as id, type and data (the
	 * parsing rules of the HTML standard, without reconnection): a blank line dispatches,
	 * a line starting with a colon is a comment, one space after the colon is dropped,
	 * data lines are joined with line feeds.
	 */
	private static List<String[]> parse(String stream) {
		List<String[]> events = new java.util.ArrayList<>();
		String id = "";
		String type = "";
		StringBuilder data = new StringBuilder();
		for (String line : stream.split("\r\n|\r|\n", -1)) {
			if (line.isEmpty()) {
				if (!data.isEmpty()) {
					events.add(new String[] { id, type, data.substring(0, data.length() - 1) });
				}
				type = "";
				data.setLength(0);
				continue;
			}
			if (line.startsWith(":")) {
				continue;
			}
			int colon = line.indexOf(':');
			String field = colon < 0 ? line : line.substring(0, colon);
			String value = colon < 0 ? "" : line.substring(colon + 1);
			value = value.startsWith(" ") ? value.substring(1) : value;
			switch (field) {
				case "id" -> id = value;
				case "event" -> type = value;
				case "data" -> data.append(value).append('\n');
				default -> {
				}
			}
		}
		return events;
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
