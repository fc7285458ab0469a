-- wrk script for scripts/load.sh: GET /executors/{id} with HTTP Basic, for random executors of the load seed.
-- ~95 % of the requests draw an existing executor (1..N), the rest an unknown one (N+1..2N), whose 404 is expected.
-- Each answer is checked against the id it names (the record's executor_id, or the id in the 404's detail), so a
-- 404 for an existing executor or a 200 for an unknown one is counted as unexpected, whatever order the connections
-- answer in. Settings come from the environment (load.sh sets them):
--   LOAD_EXECUTORS        N, the number of seeded executors (required)
--   LOAD_AUTHORIZATION    the Authorization header value ("Basic …", required)
--   LOAD_MISSING_PERCENT  share of unknown ids, in percent (default 5)
--   LOAD_CHECK_IDS        "n=id,n=id": ids computed by executor-id.sql; the script refuses to run if it disagrees
--   LOAD_SUMMARY          file receiving the machine-readable summary (key=value lines); printed on stdout too
--   LOAD_SEED             random seed (default: the clock); thread k uses seed + k

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

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

-- Per-thread state (every wrk thread runs its own copy of this script); read back by done() via thread:get.
executors = 0
missing_share = 0.05
drawn_existing, drawn_missing = 0, 0
ok_existing, ok_missing = 0, 0
unexpected_404, unexpected_200, unverified_404, unexpected_other = 0, 0, 0, 0
other_statuses = ""

local function required(name)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error(name .. " is not set (scripts/load.sh sets it)")
  end
  return value
end

function init(args)
  executors = tonumber(required("LOAD_EXECUTORS"))
  if executors == nil or executors < 1 or 2 * executors >= 58 ^ 4 then
    error("LOAD_EXECUTORS must be a number from 1 to 5658247")
  end
  missing_share = (tonumber(os.getenv("LOAD_MISSING_PERCENT") or "5") or 5) / 100
  wrk.headers["Authorization"] = required("LOAD_AUTHORIZATION")
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
    n = math.random(1, executors)
    drawn_existing = drawn_existing + 1
  end
  return wrk.format(nil, "/executors/" .. executor_id(n))
end

local other = {}

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
    other[status] = (other[status] or 0) + 1
    local parts = {}
    for code, count in pairs(other) do
      parts[#parts + 1] = code .. ":" .. count
    end
    other_statuses = table.concat(parts, ",")
  end
end

function done(summary, latency, requests)
  local totals = {
    drawn_existing = 0, drawn_missing = 0, ok_existing = 0, ok_missing = 0,
    unexpected_404 = 0, unexpected_200 = 0, unverified_404 = 0, unexpected_other = 0,
  }
  local others = {}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + (thread:get(key) or 0)
    end
    local statuses = thread:get("other_statuses") or ""
    for code, count in string.gmatch(statuses, "(%d+):(%d+)") do
      others[code] = (others[code] or 0) + tonumber(count)
    end
  end
  local other_list = {}
  for code, count in pairs(others) do
    other_list[#other_list + 1] = code .. ":" .. count
  end
  table.sort(other_list)

  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  -- A 404 naming no id cannot be checked; beyond the unknown ids drawn, such 404s are unexpected too.
  local excess_unverified = math.max(0, totals.unverified_404 - totals.drawn_missing)
  local unexpected = totals.unexpected_404 + totals.unexpected_200 + totals.unexpected_other + excess_unverified
  local lines = {
    string.format("requests=%d", summary.requests),
    string.format("duration_s=%.1f", seconds),
    string.format("requests_per_s=%.1f", summary.requests / seconds),
    string.format("latency_p50_ms=%.2f", latency:percentile(50) / 1000),
    string.format("latency_p90_ms=%.2f", latency:percentile(90) / 1000),
    string.format("latency_p99_ms=%.2f", latency:percentile(99) / 1000),
    string.format("latency_max_ms=%.2f", latency.max / 1000),
    string.format("non_2xx=%d", errors.status),
    string.format("drawn_existing=%d", totals.drawn_existing),
    string.format("drawn_missing=%d", totals.drawn_missing),
    string.format("ok_existing=%d", totals.ok_existing),
    string.format("expected_404=%d", totals.ok_missing),
    string.format("unverified_404=%d", totals.unverified_404),
    string.format("unexpected_404=%d", totals.unexpected_404),
    string.format("unexpected_200=%d", totals.unexpected_200),
    string.format("unexpected_other=%d", totals.unexpected_other),
    string.format("other_statuses=%s", table.concat(other_list, ",")),
    string.format("unexpected=%d", unexpected),
    string.format("socket_errors=%d", socket_errors),
    string.format("socket_errors_detail=connect:%d,read:%d,write:%d,timeout:%d",
      errors.connect, errors.read, errors.write, errors.timeout),
  }
  local text = table.concat(lines, "\n") .. "\n"
  io.write("--- load summary ---\n", text)
  local path = os.getenv("LOAD_SUMMARY")
  if path ~= nil and path ~= "" then
    local file = assert(io.open(path, "w"))
    file:write(text)
    file:close()
  end
end
