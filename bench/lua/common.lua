-- Shared by the scenario scripts. Each wrk thread runs its own copy of the script, so everything here is per
-- thread: the users file is read once per thread in init(), and the counters are summed in done().
--
-- The users file (made by bench/run.sh) has one line per seeded user: its bearer token, then its task ids.

local common = {}

local threads = {}
local next_thread = 0

function common.setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_number", next_thread)
  table.insert(threads, thread)
end

-- Reads the users file into { {auth = "Bearer …", ids = {…}}, … }.
function common.load_users(path)
  local users = {}
  local file = assert(io.open(path, "r"), "cannot open users file " .. tostring(path))
  for line in file:lines() do
    local fields = {}
    for field in line:gmatch("%S+") do
      table.insert(fields, field)
    end
    if #fields >= 1 then
      local ids = {}
      for i = 2, #fields do
        ids[#ids + 1] = fields[i]
      end
      users[#users + 1] = { auth = "Bearer " .. fields[1], ids = ids }
    end
  end
  file:close()
  assert(#users > 0, "no users in " .. path)
  return users
end

function common.seed_random()
  math.randomseed(os.time() * 1000 + (thread_number or 0))
end

-- Declares a scenario's wrk callbacks: setup and done (above), init (reads the users file named after "--", seeds
-- the random generator), and request, which asks request_for(user) for each request, with a random user.
function common.scenario(request_for)
  local users
  setup = common.setup
  done = common.done
  function init(args)
    users = common.load_users(args[1])
    common.seed_random()
  end
  function request()
    return request_for(users[math.random(#users)])
  end
end

-- One machine-readable line for bench/run.sh, after wrk's own report:
-- RESULT requests seconds req/s p50_ms p99_ms max_ms non_2xx_3xx socket_errors count_503 503_without_retry_after
function common.done(summary, latency)
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local count_503, without_retry_after = 0, 0
  for _, thread in ipairs(threads) do
    count_503 = count_503 + (thread:get("count_503") or 0)
    without_retry_after = without_retry_after + (thread:get("count_503_without_retry_after") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%d\t%d\t%d\t%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, socket_errors, count_503, without_retry_after))
end

return common
