-- create-with-event.sql with the NOTIFY inside its transaction: the textbook way, which the server does not use.
\set user_id random(:first_user, :last_user)
WITH changed AS (
    INSERT INTO tasks (user_id, title, description, priority)
    VALUES (:user_id, 'Benchmark task', 'written by bench/pgbench/create-with-event-notify.sql', 3)
    RETURNING *
), event AS (
    INSERT INTO task_events (user_id, task_id, type, task)
    SELECT changed.user_id, changed.id, 'task.created', to_jsonb(changed)
    FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:user_id))) AS user_lock,
         (SELECT pg_notify('task_events', CAST(:user_id AS text))) AS wake_up, changed
)
SELECT id, title, description, completed, priority, due_at, created_at, updated_at, version FROM changed;
