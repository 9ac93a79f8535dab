-- The two statements the server runs for GET /api/v1/tasks/{id}, each in its own implicit transaction as the server
-- sends them: the token's user is checked active, then the task is read within that user's tasks. Against
-- select.sql it shows what the request's SQL costs PostgreSQL and PgBouncer; against the HTTP figures, what the
-- server adds. Variables: first_user, last_user, first_task, tasks_per_user (a fresh seed numbers each user's tasks
-- consecutively, users in id order).
\set user_id random(:first_user, :last_user)
\set task_id :first_task - 1 + (:user_id - :first_user) * :tasks_per_user + random(1, :tasks_per_user)
SELECT id, role FROM users WHERE id = :user_id AND is_active AND deleted_at IS NULL;
SELECT id, title, description, completed, priority, due_at, created_at, updated_at, version FROM tasks WHERE id = :task_id AND user_id = :user_id;
