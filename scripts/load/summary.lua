-- Shared by the wrk scripts (scripts/load/executors.lua, benchmarks/search.lua): counting answers per thread and
-- writing the run's machine-readable summary, the key=value lines scripts/load.sh and benchmarks/run.sh read.
-- Load it with dofile from the script's own folder (see executors.lua). Every wrk thread runs its own copy of the
-- scripts, so the counters live in each thread's globals and done() adds them up through thread:get.
local M = {}

local threads = {}
local thread_count = 0

-- wrk's setup(thread): number the threads (each script's init seeds its random generator with it) and keep them.
function M.setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

-- Statuses other than the expected ones, per thread, in the global other_statuses ("code:count,…").
other_statuses = ""
local other = {}
function M.note_other_status(status)
  other[status] = (other[status] or 0) + 1
  local parts = {}
  for code, count in pairs(other) do
    parts[#parts + 1] = code .. ":" .. count
  end
  other_statuses = table.concat(parts, ",")
end

-- The sums over the threads of the given global counters, and their other statuses as a sorted "code:count,…".
function M.totals(keys)
  local totals = {}
  for _, key in ipairs(keys) do
    totals[key] = 0
  end
  local others = {}
  for _, thread in ipairs(threads) do
    for _, key in ipairs(keys) do
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
  return totals, table.concat(other_list, ",")
end

-- Writes the summary: throughput and latency, the script's own counter lines, then unexpected and socket errors;
-- on stdout and into the file LOAD_SUMMARY names.
function M.write(summary, latency, counter_lines, unexpected)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
  local lines = {
    string.format("requests=%d", summary.requests),
    string.format("duration_s=%.1f", seconds),
    string.format("requests_per_s=%.1f", summary.requests / seconds),
    string.format("latency_p50_ms=%.2f", latency:percentile(50) / 1000),
    string.format("latency_p90_ms=%.2f", latency:percentile(90) / 1000),
    string.format("latency_p99_ms=%.2f", latency:percentile(99) / 1000),
    string.format("latency_max_ms=%.2f", latency.max / 1000),
    string.format("non_2xx=%d", errors.status),
  }
  for _, line in ipairs(counter_lines) do
    lines[#lines + 1] = line
  end
  lines[#lines + 1] = string.format("unexpected=%d", unexpected)
  lines[#lines + 1] = string.format("socket_errors=%d", socket_errors)
  lines[#lines + 1] = string.format("socket_errors_detail=connect:%d,read:%d,write:%d,timeout:%d",
    errors.connect, errors.read, errors.write, errors.timeout)
  local text = table.concat(lines, "\n") .. "\n"
  io.write("--- load summary ---\n", text)
  local path = os.getenv("LOAD_SUMMARY")
  if path ~= nil and path ~= "" then
    local file = assert(io.open(path, "w"))
    file:write(text)
    file:close()
  end
end

-- An environment setting that must be there.
function M.required(name, who)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error(name .. " is not set (" .. who .. " sets it)")
  end
  return value
end

return M
