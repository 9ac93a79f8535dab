-- Scenario 3: POST /api/v1/tasks as a random user (each create also writes a feed event and a NOTIFY).
-- Usage: wrk … -s bench/lua/create.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local body = '{"title":"Benchmark task","description":"written by bench/lua/create.lua","priority":"high"}'

common.scenario(function(user)
  return wrk.format("POST", "/api/v1/tasks", { Authorization = user.auth, ["Content-Type"] = "application/json" }, body)
end)
