-- Scenario 4: 80% reads (GET by id), 15% creates, 5% merge patches (toggling completed), random users.
-- Usage: wrk … -s bench/lua/mix.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local create_body = '{"title":"Benchmark task","priority":"medium"}'
local patch_bodies = { '{"completed":true}', '{"completed":false}' }

common.scenario(function(user)
  local dice = math.random(100)
  if dice <= 80 then
    return wrk.format("GET", "/api/v1/tasks/" .. user.ids[math.random(#user.ids)], { Authorization = user.auth })
  elseif dice <= 95 then
    return wrk.format("POST", "/api/v1/tasks",
      { Authorization = user.auth, ["Content-Type"] = "application/json" }, create_body)
  end
  return wrk.format("PATCH", "/api/v1/tasks/" .. user.ids[math.random(#user.ids)],
    { Authorization = user.auth, ["Content-Type"] = "application/merge-patch+json" }, patch_bodies[math.random(2)])
end)
