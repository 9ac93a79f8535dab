-- Scenario 1: GET /api/v1/tasks/{id} of a random task of a random user, with that user's token.
-- Usage: wrk … -s bench/lua/get.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

common.scenario(function(user)
  return wrk.format("GET", "/api/v1/tasks/" .. user.ids[math.random(#user.ids)], { Authorization = user.auth })
end)
