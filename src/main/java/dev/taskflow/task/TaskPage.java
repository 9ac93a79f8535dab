package dev.taskflow.task;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One page of a list.
 *
 * @param total every matching task, left out with {@code count=none}
 * @param offset the offset asked for, left out when the page continues from a cursor
 * @param nextCursor continues after this page's last task, or {@code null} on the last
 * page
 * @param feedPosition where the caller's feed stood when the page was read: opened there
 * (as Last-Event-ID), the feed delivers every change made since, and none the page
 * already shows
 */
public record TaskPage(List<Task> items, @JsonInclude(JsonInclude.Include.NON_NULL) Long total, int limit,
		@JsonInclude(JsonInclude.Include.NON_NULL) Integer offset, String nextCursor, long feedPosition) {
}
