-- A create as the server's transaction does it with the live feed: the task, then its outbox event under the
-- user's transaction lock, in one transaction. Compared with create-with-event-notify.sql, it isolates the cost
-- of the NOTIFY (PostgreSQL serialises NOTIFY at commit with a global lock). Variables: first_user, last_user.
\set user_id random(:first_user, :last_user)
BEGIN;
INSERT INTO tasks (user_id, title, priority) VALUES (:user_id, 'Benchmark task', 3) RETURNING id;
INSERT INTO task_events (user_id, task_id, type, payload)
SELECT :user_id, currval(pg_get_serial_sequence('tasks', 'id')), 'task.created', '{"title":"Benchmark task"}'
FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:user_id))) AS user_lock;
COMMIT;
