package dev.taskflow.task;

import java.util.List;

/** The caller's tags, most used first, then by name. */
public record TagList(List<TagCount> tags) {
}
