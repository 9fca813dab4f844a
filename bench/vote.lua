-- bench/vote.lua: a wrk script that casts star ratings.
--
--   wrk -t2 -c128 -d10s -s bench/vote.lua http://127.0.0.1:PORT/api/v1/articles/SLUG/rating
--
-- Every request is a POST of {"stars": N} (N random, 1..5) with a Cookie
-- supple_reader=ID. ID is a fresh random reader id for ~80% of the requests
-- (a first vote) and one of a pool of 1000 ids for the rest (mostly re-votes,
-- which replace that reader's earlier vote). Environment, all optional:
--   NEW_READERS  share of requests from new readers (default 0.8)
--   POOL         size of the repeat-reader pool (default 1000)
--   TARGETS      host:port,host:port,... to spread the threads over several
--                servers (thread i drives target ((i-1) mod n)+1, with its
--                Host header), as bench/targets.lua does; with -tN, N a
--                multiple of n, every server gets the same connections.
--                The pool is the same on all of them, so a pool reader may
--                vote through two servers at once.
--
-- wrk runs each thread in its own Lua state, so every thread counts into its
-- own globals and done() (run in the main state after the threads stop)
-- collects them with thread:get(). done() prints a human summary and one
-- machine-readable line starting "VOTES " for bench/votes.sh.

local NEW_READERS = tonumber(os.getenv("NEW_READERS") or "") or 0.8
local POOL = tonumber(os.getenv("POOL") or "") or 1000

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local bytes = {}
for i = 1, #alphabet do bytes[i] = alphabet:byte(i) end
-- 16 bytes are 22 base64url characters; the last one carries only 2 bits, so
-- a canonical encoding ends in one of these (its low 4 bits are zero).
local last = { ("A"):byte(), ("Q"):byte(), ("g"):byte(), ("w"):byte() }

local function reader_id()
  local t = {}
  for i = 1, 21 do t[i] = bytes[math.random(64)] end
  t[22] = last[math.random(4)]
  return string.char(unpack(t))
end

local targets = {}
for t in string.gmatch(os.getenv("TARGETS") or "", "[^,%s]+") do
  local host, port = t:match("^(.+):(%d+)$")
  assert(host, "TARGETS: want host:port, got " .. t)
  local addrs = wrk.lookup(host, port)
  assert(addrs and #addrs > 0, "TARGETS: cannot resolve " .. t)
  table.insert(targets, { hostport = t, addr = addrs[1] })
end

-- Main state: remember the threads so done() can read their counters.
local threads = {}
local thread_target = {}
local next_id = 1

function setup(thread)
  thread:set("thread_id", next_id)
  if #targets > 0 then
    local i = (next_id - 1) % #targets + 1
    thread.addr = targets[i].addr
    thread:set("target_host", targets[i].hostport)
    thread_target[next_id] = i
  end
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function urandom_seed()
  local f = io.open("/dev/urandom", "rb")
  if not f then return os.time() end
  local s = f:read(6)
  f:close()
  local n = 0
  for i = 1, #s do n = n * 256 + s:byte(i) end
  return n
end

-- Thread state. Globals (not locals) so thread:get() can read them.
sent = 0         -- requests generated
sent_new = 0     -- of which from new readers (each one a distinct reader)
pool_sent = {}   -- pool index -> true, for pool readers that sent a vote
statuses = {}    -- HTTP status -> responses
ok = 0           -- 200 responses: acknowledged (durably committed) votes
max_count = 0    -- highest "count" seen in a 200 response

local pool = {}
local headers = { ["Content-Type"] = "application/json" }

function init(args)
  -- The same pool in every thread: seed with a constant first.
  math.randomseed(20261123)
  for i = 1, POOL do pool[i] = reader_id() end
  -- Then a different stream for each thread and run.
  math.randomseed(urandom_seed() + (thread_id or 0) * 7919)
  math.random(); math.random()
  if target_host then headers["Host"] = target_host end
end

function request()
  local id
  if POOL > 0 and math.random() >= NEW_READERS then
    local i = math.random(POOL)
    id = pool[i]
    pool_sent[i] = true
  else
    id = reader_id()
    sent_new = sent_new + 1
  end
  sent = sent + 1
  headers["Cookie"] = "supple_reader=" .. id
  return wrk.format("POST", nil, headers, '{"stars":' .. math.random(5) .. '}')
end

function response(status, hdrs, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 then
    ok = ok + 1
    local c = tonumber(body:match('"count":(%d+)'))
    if c and c > max_count then max_count = c end
  end
end

function done(summary, latency, requests)
  local total = { sent = 0, sent_new = 0, ok = 0, max_count = 0 }
  local pool_union, by_status = {}, {}
  local per_target = {}
  for i in ipairs(targets) do per_target[i] = { ok = 0, sent = 0 } end
  for _, t in ipairs(threads) do
    local ti = thread_target[t:get("thread_id")]
    if ti then
      per_target[ti].ok = per_target[ti].ok + t:get("ok")
      per_target[ti].sent = per_target[ti].sent + t:get("sent")
    end
    total.sent = total.sent + t:get("sent")
    total.sent_new = total.sent_new + t:get("sent_new")
    total.ok = total.ok + t:get("ok")
    total.max_count = math.max(total.max_count, t:get("max_count"))
    for i in pairs(t:get("pool_sent")) do pool_union[i] = true end
    for s, n in pairs(t:get("statuses")) do by_status[s] = (by_status[s] or 0) + n end
  end
  local pool_distinct = 0
  for _ in pairs(pool_union) do pool_distinct = pool_distinct + 1 end
  local responses, non200 = 0, 0
  local codes = {}
  for s, n in pairs(by_status) do
    responses = responses + n
    if s ~= 200 then non200 = non200 + n end
    table.insert(codes, s)
  end
  table.sort(codes)
  local secs = summary.duration / 1e6
  local e = summary.errors

  io.write("\nvote.lua summary\n")
  io.write(string.format("  responses: %d   200: %d   non-200: %d\n", responses, total.ok, non200))
  for _, s in ipairs(codes) do
    io.write(string.format("    status %d: %d\n", s, by_status[s]))
  end
  io.write(string.format("  socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("  requests generated: %d (%d new readers, %d distinct pool readers)\n",
    total.sent, total.sent_new, pool_distinct))
  io.write(string.format("  acknowledged votes/s: %.1f  (%d 200s in %.2f s)\n", total.ok / secs, total.ok, secs))
  for i, tgt in ipairs(targets) do
    io.write(string.format("    via %s: %.1f/s  (%d 200s of %d requests)\n",
      tgt.hostport, per_target[i].ok / secs, per_target[i].ok, per_target[i].sent))
  end
  io.write(string.format("  latency: p50 %.2fms  p90 %.2fms  p99 %.2fms  max %.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format(
    "VOTES ok=%d non200=%d responses=%d sent=%d sent_new=%d pool_distinct=%d max_count=%d duration_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_timeout=%d\n",
    total.ok, non200, responses, total.sent, total.sent_new, pool_distinct, total.max_count,
    summary.duration, e.connect, e.read, e.write, e.timeout))
  for i, tgt in ipairs(targets) do
    io.write(string.format("VOTES_TARGET target=%d host=%s ok=%d sent=%d\n",
      i, tgt.hostport, per_target[i].ok, per_target[i].sent))
  end
end
