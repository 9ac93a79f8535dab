package dev.taskflow.task;

import java.util.List;

/**
 * What a bulk change did.
 *
 * @param ids the tasks changed or deleted, in the list's default order
 * @param more whether matching tasks are left for another request
 */
public record BulkResult(int count, List<Long> ids, boolean more) {
}
