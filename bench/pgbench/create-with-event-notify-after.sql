-- create-with-event.sql, then the NOTIFY in a transaction of its own right after the commit. A transaction that only
-- notifies writes no commit record to flush, so it holds the notify queue lock only briefly, where a NOTIFY inside
-- the writing transaction holds it across that transaction's WAL flush: the alternative this measures.
\set user_id random(:first_user, :last_user)
WITH changed AS (
    INSERT INTO tasks (user_id, title, description, priority)
    VALUES (:user_id, 'Benchmark task', 'written by bench/pgbench/create-with-event-notify-after.sql', 3)
    RETURNING *
), event AS (
    INSERT INTO task_events (user_id, task_id, type, task)
    SELECT changed.user_id, changed.id, 'task.created', to_jsonb(changed)
    FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:user_id))) AS user_lock, changed
)
SELECT id, title, description, completed, priority, due_at, created_at, updated_at, version FROM changed;
SELECT pg_notify('task_events', CAST(:user_id AS text));
