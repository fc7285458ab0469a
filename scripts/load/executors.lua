-- wrk script for scripts/load.sh: GET /executors/{id} with HTTP Basic, for random executors of the load seed.
-- ~95 % of the requests draw an existing executor (1..N), the rest an unknown one (N+1..2N), whose 404 is expected.
-- Each answer is checked against the id it names (the record's executor_id, or the id in the 404's detail), so a
-- 404 for an existing executor or a 200 for an unknown one is counted as unexpected, whatever order the connections
-- answer in. Settings come from the environment (load.sh sets them):
--   LOAD_EXECUTORS        N, the number of seeded executors (required)
--   LOAD_AUTHORIZATION    the Authorization header value ("Basic …", required); several values separated by "|"
--                         are taken in turn, request by request (scripts/cluster.sh: a balancer that places each
--                         user on one process needs several users to load several processes)
--   LOAD_MISSING_PERCENT  share of unknown ids, in percent (default 5)
--   LOAD_HOT_SET          H: existing ids are drawn from 1..H only (default N; benchmarks/run.sh's cached scenario)
--   LOAD_TERMINATED_ONLY  1: existing ids are TERMINATED executors only (the seed's RUNNING ones are n % 10 == 0)
--   LOAD_CHECK_IDS        "n=id,n=id": ids computed by executor-id.sql; the script refuses to run if it disagrees
--   LOAD_SUMMARY          file receiving the machine-readable summary (key=value lines); printed on stdout too
--   LOAD_SEED             random seed (default: the clock); thread k uses seed + k

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local summary_lib = dofile(here .. "summary.lua")

local alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
local digit_of = {}
for i = 1, #alphabet do
  digit_of[alphabet:sub(i, i)] = i - 1
end

-- The same ids as pg_temp.load_executor_id in executor-id.sql (see there). Every product stays below 2^53, so
-- LuaJIT's doubles compute the generator exactly.
local function executor_id(n)
  local h = n + 12345
  local chars = {}
  for i = 1, 43 do
    h = (h * 48271) % 2147483647
    if i > 3 then
      local k = h % 58
      chars[#chars + 1] = alphabet:sub(k + 1, k + 1)
    end
  end
  local tail = {}
  local m = n
  for i = 4, 1, -1 do
    local k = m % 58
    tail[i] = alphabet:sub(k + 1, k + 1)
    m = (m - k) / 58
  end
  return table.concat(chars) .. table.concat(tail)
end

-- The executor number an id of this scheme stands for (its last 4 characters), or nil.
local function number_of(id)
  if id == nil or #id ~= 44 then
    return nil
  end
  local n = 0
  for i = 41, 44 do
    local d = digit_of[id:sub(i, i)]
    if d == nil then
      return nil
    end
    n = n * 58 + d
  end
  if executor_id(n) ~= id then
    return nil
  end
  return n
end

setup = summary_lib.setup

-- Per-thread state (every wrk thread runs its own copy of this script); read back by done() via thread:get.
executors = 0
hot_set = 0
terminated_only = false
missing_share = 0.05
drawn_existing, drawn_missing = 0, 0
ok_existing, ok_missing = 0, 0
unexpected_404, unexpected_200, unverified_404, unexpected_other = 0, 0, 0, 0

local function required(name)
  return summary_lib.required(name, "scripts/load.sh")
end

function init(args)
  executors = tonumber(required("LOAD_EXECUTORS"))
  if executors == nil or executors < 1 or 2 * executors >= 58 ^ 4 then
    error("LOAD_EXECUTORS must be a number from 1 to 5658247")
  end
  missing_share = (tonumber(os.getenv("LOAD_MISSING_PERCENT") or "5") or 5) / 100
  hot_set = tonumber(os.getenv("LOAD_HOT_SET") or "") or executors
  if hot_set < 1 or hot_set > executors then
    error("LOAD_HOT_SET must be a number from 1 to LOAD_EXECUTORS")
  end
  terminated_only = os.getenv("LOAD_TERMINATED_ONLY") == "1"
  authorizations = {}
  for value in string.gmatch(required("LOAD_AUTHORIZATION"), "[^|]+") do
    authorizations[#authorizations + 1] = value
  end
  next_authorization = 0
  wrk.headers["Accept"] = "application/json"
  for n, id in string.gmatch(os.getenv("LOAD_CHECK_IDS") or "", "(%d+)=([%w]+)") do
    if executor_id(tonumber(n)) ~= id then
      error("executors.lua computes " .. executor_id(tonumber(n)) .. " for executor " .. n ..
        " but the database says " .. id .. ": executor-id.sql and executors.lua disagree")
    end
  end
  math.randomseed((tonumber(os.getenv("LOAD_SEED") or "") or os.time()) + (thread_number or 0))
end

function request()
  local n
  if math.random() < missing_share then
    n = executors + math.random(1, executors)
    drawn_missing = drawn_missing + 1
  else
    repeat
      n = math.random(1, hot_set)
    until not terminated_only or n % 10 ~= 0
    drawn_existing = drawn_existing + 1
  end
  next_authorization = next_authorization % #authorizations + 1
  return wrk.format(nil, "/executors/" .. executor_id(n), { ["Authorization"] = authorizations[next_authorization], ["Accept"] = "application/json" })
end

function response(status, headers, body)
  if status == 200 then
    local start = body and body:find('"executor_id":"', 1, true)
    local n = start and number_of(body:sub(start + 15, start + 58))
    if n ~= nil and n <= executors then
      ok_existing = ok_existing + 1
    else
      unexpected_200 = unexpected_200 + 1
    end
  elseif status == 404 then
    local n = nil
    for word in string.gmatch(body or "", "%w+") do
      if #word == 44 then
        n = number_of(word)
        if n ~= nil then
          break
        end
      end
    end
    if n == nil then
      unverified_404 = unverified_404 + 1
    elseif n > executors then
      ok_missing = ok_missing + 1
    else
      unexpected_404 = unexpected_404 + 1
    end
  else
    unexpected_other = unexpected_other + 1
    summary_lib.note_other_status(status)
  end
end

function done(summary, latency, requests)
  local totals, other_list = summary_lib.totals({
    "drawn_existing", "drawn_missing", "ok_existing", "ok_missing",
    "unexpected_404", "unexpected_200", "unverified_404", "unexpected_other",
  })
  -- A 404 naming no id cannot be checked; beyond the unknown ids drawn, such 404s are unexpected too.
  local excess_unverified = math.max(0, totals.unverified_404 - totals.drawn_missing)
  local unexpected = totals.unexpected_404 + totals.unexpected_200 + totals.unexpected_other + excess_unverified
  summary_lib.write(summary, latency, {
    string.format("drawn_existing=%d", totals.drawn_existing),
    string.format("drawn_missing=%d", totals.drawn_missing),
    string.format("ok_existing=%d", totals.ok_existing),
    string.format("expected_404=%d", totals.ok_missing),
    string.format("unverified_404=%d", totals.unverified_404),
    string.format("unexpected_404=%d", totals.unexpected_404),
    string.format("unexpected_200=%d", totals.unexpected_200),
    string.format("unexpected_other=%d", totals.unexpected_other),
    string.format("other_statuses=%s", other_list),
  }, unexpected)
end
