-- Scenario 5: get-by-id (as get.lua) far past saturation. Also counts 503s and whether each carries Retry-After:
-- under overload the only failure allowed is 503 with Retry-After. (Reading every response costs wrk some CPU,
-- which is why the other scenarios do not.)
-- Usage: wrk … -s bench/lua/overload.lua URL -- USERS_FILE
local common = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
count_503 = 0
count_503_without_retry_after = 0

common.scenario(function(user)
  return wrk.format("GET", "/api/v1/tasks/" .. user.ids[math.random(#user.ids)], { Authorization = user.auth })
end)

function response(status, headers, body)
  if status == 503 then
    count_503 = count_503 + 1
    if headers["Retry-After"] == nil and headers["retry-after"] == nil then
      count_503_without_retry_after = count_503_without_retry_after + 1
    end
  end
end
