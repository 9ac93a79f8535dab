-- Scenario 2: GET /api/v1/tasks?limit=20, the first page with its total, as a random user.
-- Usage: wrk … -s bench/lua/list.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

common.scenario(function(user)
  return wrk.format("GET", "/api/v1/tasks?limit=20", { Authorization = user.auth })
end)
