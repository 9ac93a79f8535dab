-- The patch part of the mix baseline: toggle one task, as a merge patch of "completed" does.
\set id random(1, :max_task_id)
UPDATE tasks SET completed = NOT completed, updated_at = now(), version = version + 1 WHERE id = :id
RETURNING id, title, description, completed, priority, due_at, created_at, updated_at, version;
