-- create-with-event.sql plus the NOTIFY the server sends with every change (see TaskEventRecorder).
\set user_id random(:first_user, :last_user)
BEGIN;
INSERT INTO tasks (user_id, title, priority) VALUES (:user_id, 'Benchmark task', 3) RETURNING id;
INSERT INTO task_events (user_id, task_id, type, payload)
SELECT :user_id, currval(pg_get_serial_sequence('tasks', 'id')), 'task.created', '{"title":"Benchmark task"}'
FROM (SELECT pg_advisory_xact_lock(7301, hashint8(:user_id))) AS user_lock,
     (SELECT pg_notify('task_events', CAST(:user_id AS text))) AS wake_up;
COMMIT;
