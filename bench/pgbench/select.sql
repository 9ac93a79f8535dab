-- Baseline for reads: one task by primary key, the columns the API returns. Variables from bench/run.sh:
-- max_task_id (highest seeded task id).
\set id random(1, :max_task_id)
SELECT id, title, description, completed, priority, due_at, created_at, updated_at, version FROM tasks WHERE id = :id;
