package dev.taskflow.feed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One server-sent event as it goes on the wire (the text/event-stream format of the HTML standard). An event is
 * rendered once when it is read, and the same bytes go to every stream of its user; the streams write frames as
 * they come and flush once per burst, where a writer of {@code ServerSentEvent}s renders and flushes each event
 * for each stream on its own.
 */
record SseFrame(long id, byte[] bytes) {

    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    static SseFrame of(TaskEvent event) {
        return event(event.id(), event.type(), event.payload());
    }

    static SseFrame event(long id, String type, String data) {
        StringBuilder text = new StringBuilder(data.length() + 48)
                .append("id: ").append(id).append('\n')
                .append("event: ").append(type).append('\n');
        // A line break would end the field: each line of the data goes in a data field of its own (JSON as Jackson
        // writes it has none).
        for (String line : LINE_BREAK.split(data, -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return new SseFrame(id, text.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The reconnection delay a browser's EventSource uses, with a comment so the frame dispatches nothing. */
    static byte[] hello(Duration retry) {
        return ("retry: " + retry.toMillis() + "\n: connected\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
