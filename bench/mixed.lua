-- bench/mixed.lua: a wrk script for bench/mixed.sh, a mix of what a busy
-- supple serves, chosen at random for every request:
--
--   40%  article pages (/, /articles/, the four bundled articles)
--   15%  votes (POST /api/v1/articles/SLUG/rating without a reader cookie,
--        so each is a new reader's)
--   15%  search (/search?q=... over a few queries)
--   30%  member pages (/me/plan, /me/today, /me/progress) with the
--        session cookie in SESSION
--
-- Environment: SESSION (the supple_session cookie value, required).
-- done() prints the requests sent of each kind and a machine-readable line
-- starting "MIXED " with them and the answers that were not 200.

local SESSION = os.getenv("SESSION") or ""
assert(SESSION ~= "", "mixed.lua: set SESSION to a supple_session cookie value")

local slugs = { "exercise-for-back-pain", "common-causes-of-back-pain", "scoliosis-and-exercise", "upper-and-middle-back-pain" }
local pages = { "/", "/articles/" }
for _, s in ipairs(slugs) do table.insert(pages, "/articles/" .. s) end
local queries = { "walking", "disc", "sciatica", "stretch", "pain+at+night", "scoliosis", "bending" }
local member = { "/me/plan", "/me/today", "/me/progress" }
local kinds = { "page", "vote", "search", "member" }

local threads = {}
function setup(thread) table.insert(threads, thread) end

-- Per thread. wrk does not say which request a response answers (each
-- thread has many connections), so answers are counted in total: any
-- status but 200 is bad (a 303 would mean the session was not accepted).
sent = { page = 0, vote = 0, search = 0, member = 0 }
bad = 0

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

local function pick(t) return t[math.random(#t)] end

function request()
  local r = math.random(100)
  if r <= 40 then
    sent.page = sent.page + 1
    return wrk.format("GET", pick(pages))
  elseif r <= 55 then
    sent.vote = sent.vote + 1
    return wrk.format("POST", "/api/v1/articles/" .. pick(slugs) .. "/rating",
      { ["Content-Type"] = "application/json" },
      '{"stars":' .. math.random(5) .. '}')
  elseif r <= 70 then
    sent.search = sent.search + 1
    return wrk.format("GET", "/search?q=" .. pick(queries))
  end
  sent.member = sent.member + 1
  return wrk.format("GET", pick(member), { ["Cookie"] = "supple_session=" .. SESSION })
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local s, b = {}, 0
  for _, k in ipairs(kinds) do s[k] = 0 end
  for _, t in ipairs(threads) do
    local ts = t:get("sent")
    for _, k in ipairs(kinds) do s[k] = s[k] + (ts[k] or 0) end
    b = b + t:get("bad")
  end
  local line = "MIXED"
  for _, k in ipairs(kinds) do
    io.write(string.format("  %-7s %9d requests sent\n", k, s[k]))
    line = line .. string.format(" %s=%d", k, s[k])
  end
  io.write(string.format("  not 200: %d\n", b))
  io.write(line .. string.format(" not200=%d\n", b))
end
