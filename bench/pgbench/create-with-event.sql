-- A create as the server writes it (task/TaskRepository): the task and its outbox event, under the user's
-- transaction lock, in one statement. Compared with create-with-event-notify.sql, it isolates the cost of the
-- NOTIFY (PostgreSQL serialises NOTIFY at commit with a global lock). Variables: first_user, last_user.
\set user_id random(:first_user, :last_user)
WITH changed AS (
    INSERT INTO tasks (user_id, title, description, priority)
    VALUES (:user_id, 'Benchmark task', 'written by bench/pgbench/create-with-event.sql', 3)
    RETURNING *
), event AS (
    INSERT INTO task_events (user_id, task_id, type, task)
    SELECT changed.user_id, changed.id, 'task.created', to_jsonb(changed)
    FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:user_id))) AS user_lock, changed
)
SELECT id, title, description, completed, priority, due_at, created_at, updated_at, version FROM changed;
