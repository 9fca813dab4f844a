-- bench/signup.lua: a wrk script that signs up new accounts, each request
-- with a new email address (thread id, counter and a random part), so that
-- every request runs a full argon2id hash.
--
--   wrk -t2 -c48 -d15s -s bench/signup.lua http://127.0.0.1:PORT/signup
--
-- done() prints one machine-readable line "SIGNUPS created=N busy=N
-- limited=N other=N" for bench/signups.sh (303: created, 503: the hashing
-- pool's queue was full, 429: the sign-up limit).

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

counter = 0
statuses = {}
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
  math.randomseed(os.time() + (thread_id or 0) * 7919)
end

function request()
  counter = counter + 1
  local email = string.format("flood-%d-%d-%d%%40example.org", thread_id or 0, counter, math.random(1e9))
  return wrk.format("POST", nil, headers, "email=" .. email .. "&password=a+long+enough+secret")
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by = {}
  for _, t in ipairs(threads) do
    for s, n in pairs(t:get("statuses")) do by[s] = (by[s] or 0) + n end
  end
  local other = 0
  for s, n in pairs(by) do
    if s ~= 303 and s ~= 503 and s ~= 429 then other = other + n end
  end
  io.write(string.format("latency: p50 %.0fms  p99 %.0fms  max %.0fms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("SIGNUPS created=%d busy=%d limited=%d other=%d\n",
    by[303] or 0, by[503] or 0, by[429] or 0, other))
end
