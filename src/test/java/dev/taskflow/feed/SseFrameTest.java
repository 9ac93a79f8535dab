package dev.taskflow.feed;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire format of the feed (text/event-stream), as EventSource and every SSE client parse it. */
class SseFrameTest {

    @Test
    void anEventCarriesItsIdTypeAndDataAndEndsWithABlankLine() {
        SseFrame frame = SseFrame.of(new TaskEvent(42, 7, 9, TaskEvent.CREATED, "{\"id\":9,\"title\":\"Tea ☕\"}"));

        assertThat(frame.id()).isEqualTo(42);
        assertThat(text(frame.bytes()))
                .isEqualTo("id: 42\nevent: task.created\ndata: {\"id\":9,\"title\":\"Tea ☕\"}\n\n");
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

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
