-- Scenario 1: GET /api/v1/tasks/{id} of a random task of a random user, with that user's token.
-- Usage: wrk … -s bench/lua/get.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local users

setup = common.setup
done = common.done

function init(args)
  users = common.load_users(args[1])
  common.seed_random()
end

function request()
  local user = users[math.random(#users)]
  return wrk.format("GET", "/api/v1/tasks/" .. user.ids[math.random(#user.ids)], { Authorization = user.auth })
end
