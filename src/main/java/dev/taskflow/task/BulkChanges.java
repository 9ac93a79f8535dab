package dev.taskflow.task;

import java.util.List;

/**
 * The change a bulk {@code PATCH} applies to every matching task: a merge patch
 * ({@code set}), and tags merged into each task's own ({@code addTags},
 * {@code removeTags}; a tag in both is removed).
 */
record BulkChanges(TaskChanges set, List<String> addTags, List<String> removeTags) {

	boolean mergesTags() {
		return !addTags.isEmpty() || !removeTags.isEmpty();
	}
}
