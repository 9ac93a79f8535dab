-- Scenario 2: GET /api/v1/tasks?limit=20, the first page with its total, as a random user.
-- Usage: wrk … -s bench/lua/list.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
local users

setup = common.setup
done = common.done

function init(args)
  users = common.load_users(args[1])
  common.seed_random()
end

function request()
  return wrk.format("GET", "/api/v1/tasks?limit=20", { Authorization = users[math.random(#users)].auth })
end
