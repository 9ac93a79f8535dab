package dev.taskflow.feed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One or more consecutive events of one user as they go on the wire (the
 * text/event-stream format of the HTML standard). The events one read finds for a user
 * are rendered once, into one frame, and the same bytes go to every stream of that user
 * in one write: a burst of ten events costs each stream one write instead of ten.
 */
final class SseFrame {

	private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

	/** The events' ids, ascending. */
	private final long[] ids;

	/** {@code ends[i]}: where event {@code i}'s bytes end. */
	private final int[] ends;

	private final byte[] bytes;

	private SseFrame(long[] ids, int[] ends, byte[] bytes) {
		this.ids = ids;
		this.ends = ends;
		this.bytes = bytes;
	}

	static SseFrame of(TaskEvent event) {
		return event(event.id(), event.type(), event.payload());
	}

	/** Consecutive events of one user, in id order, as one frame. */
	static SseFrame of(List<TaskEvent> events) {
		long[] ids = new long[events.size()];
		int[] ends = new int[events.size()];
		ByteArrayOutputStream text = new ByteArrayOutputStream(events.size() * 256);
		for (int i = 0; i < ids.length; i++) {
			TaskEvent event = events.get(i);
			ids[i] = event.id();
			text.writeBytes(render(event.id(), event.type(), event.payload()));
			ends[i] = text.size();
		}
		return new SseFrame(ids, ends, text.toByteArray());
	}

	static SseFrame event(long id, String type, String data) {
		byte[] bytes = render(id, type, data);
		return new SseFrame(new long[] { id }, new int[] { bytes.length }, bytes);
	}

	/** The id of the frame's last event: where a client that received it resumes. */
	long lastId() {
		return ids[ids.length - 1];
	}

	int eventCount() {
		return ids.length;
	}

	byte[] bytes() {
		return bytes;
	}

	/**
	 * The part of this frame after event {@code id}: the whole frame, its tail, or
	 * {@code null} when the client has every event in it already (at the seam between
	 * replay and live delivery).
	 */
	SseFrame after(long id) {
		int first = 0;
		while (first < ids.length && ids[first] <= id) {
			first++;
		}
		if (first == 0) {
			return this;
		}
		if (first == ids.length) {
			return null;
		}
		int start = ends[first - 1];
		int[] tailEnds = Arrays.stream(ends, first, ends.length).map(end -> end - start).toArray();
		return new SseFrame(Arrays.copyOfRange(ids, first, ids.length), tailEnds,
				Arrays.copyOfRange(bytes, start, bytes.length));
	}

	/**
	 * The reconnection delay a browser's EventSource uses, with a comment so the frame
	 * dispatches nothing.
	 */
	static byte[] hello(Duration retry) {
		return ("retry: " + retry.toMillis() + "\n: connected\n\n").getBytes(StandardCharsets.UTF_8);
	}

	static byte[] comment(String text) {
		return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] render(long id, String type, String data) {
		StringBuilder text = new StringBuilder(data.length() + 48).append("id: ")
			.append(id)
			.append('\n')
			.append("event: ")
			.append(type)
			.append('\n');
		// A line break would end the field: each line of the data goes in a data field of
		// its own (JSON as Jackson
		// writes it has none).
		for (String line : LINE_BREAK.split(data, -1)) {
			text.append("data: ").append(line).append('\n');
		}
		return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
	}

}
