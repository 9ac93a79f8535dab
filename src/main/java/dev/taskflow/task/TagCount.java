package dev.taskflow.task;

/** A tag of the caller's, and how many of its tasks carry it. */
public record TagCount(String name, long count) {
}
