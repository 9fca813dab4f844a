-- bench/targets.lua: spread one wrk run over several servers, one per thread.
--
--   TARGETS=127.0.0.1:P1,127.0.0.1:P2 wrk -t2 -c64 -d10s -s bench/targets.lua http://127.0.0.1:P1/PATH
--
-- wrk connects every thread to the URL's host. Here setup() points thread i
-- at target ((i - 1) mod #targets) + 1 instead, and init() sets that
-- thread's Host header to match, so with -tN (N a multiple of the number of
-- targets) each server gets the same number of threads and connections.
-- wrk still reports one run: requests/s summed over all servers and one
-- latency distribution over all requests.
--
-- No request() or response() function is defined, so wrk sends its one
-- pre-built request exactly as it does without a script: no Lua runs per
-- request. bench/vote.lua carries the same setup() logic for the votes.

local targets = {}
for t in string.gmatch(os.getenv("TARGETS") or "", "[^,%s]+") do
  local host, port = t:match("^(.+):(%d+)$")
  assert(host, "TARGETS: want host:port, got " .. t)
  local addrs = wrk.lookup(host, port)
  assert(addrs and #addrs > 0, "TARGETS: cannot resolve " .. t)
  table.insert(targets, { hostport = t, addr = addrs[1] })
end

local next_thread = 0

function setup(thread)
  if #targets == 0 then return end
  local tgt = targets[next_thread % #targets + 1]
  next_thread = next_thread + 1
  thread.addr = tgt.addr
  thread:set("target_host", tgt.hostport)
end

function init(args)
  if target_host then wrk.headers["Host"] = target_host end
end
