-- Baseline for creates: one task, returning what the API returns. Variables: first_user, last_user.
\set user_id random(:first_user, :last_user)
INSERT INTO tasks (user_id, title, description, priority)
VALUES (:user_id, 'Benchmark task', 'written by bench/pgbench/insert.sql', 3)
RETURNING id, title, description, completed, priority, due_at, created_at, updated_at, version;
