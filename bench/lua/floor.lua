-- The floor: GET /health with a user's bearer token. The same HTTP intake, routing, Spring Security filter chain and
-- JWT verification as get by id, and a small JSON reply, but no database statement: the most requests per second
-- this host can serve through this stack, whatever the database does.
-- Usage: wrk … -s bench/lua/floor.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

common.scenario(function(user)
  return wrk.format("GET", "/health", { Authorization = user.auth })
end)
