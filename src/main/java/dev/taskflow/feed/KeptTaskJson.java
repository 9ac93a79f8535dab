package dev.taskflow.feed;

import io.r2dbc.spi.Readable;

/**
 * Renders the task row an event kept ({@link TaskEvents#KEEPING_ROWS}) exactly as the API
 * shows a task. The task feature, which owns that shape, provides it; the feed reads the
 * row with {@code tasks}' column names, tags joined with commas, as the task feature's
 * own reads do.
 */
public interface KeptTaskJson {

	String render(Readable row);

}
