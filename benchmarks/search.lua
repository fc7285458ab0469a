-- wrk script for benchmarks/run.sh's search scenario: POST /executors/search for a page of 50 executors of one
-- connector (a random one of the load seed's 10, scripts/load/seed.sql), with HTTP Basic. Every answer must be a 200
-- holding 50 records (counted by their "executor_id" keys: cheap, and enough to tell a full page from anything
-- else); anything else is unexpected. Writes the same summary keys as scripts/load/executors.lua. Environment:
--   LOAD_AUTHORIZATION    the Authorization header value ("Basic …", required)
--   LOAD_SUMMARY          file receiving the machine-readable summary (key=value lines); printed on stdout too
--   LOAD_SEED             random seed (default: the clock); thread k uses seed + k

local here = debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "./"
local summary_lib = dofile(here .. "../scripts/load/summary.lua")

local page_size = 50
local connectors = {
  "binance_perpetual", "binance", "kucoin", "okx_perpetual", "hyperliquid_perpetual", "gate_io",
  "bybit_perpetual", "kraken", "coinbase_advanced_trade", "dydx_v4_perpetual",
}
local bodies = {}
for i, connector in ipairs(connectors) do
  bodies[i] = '{"connector_names":["' .. connector .. '"],"limit":' .. page_size .. '}'
end

setup = summary_lib.setup

-- Per-thread counters, read back by done() via thread:get.
ok_pages, short_pages, unexpected_other = 0, 0, 0

function init(args)
  wrk.method = "POST"
  wrk.path = "/executors/search"
  wrk.headers["Authorization"] = summary_lib.required("LOAD_AUTHORIZATION", "benchmarks/run.sh")
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Content-Type"] = "application/json"
  math.randomseed((tonumber(os.getenv("LOAD_SEED") or "") or os.time()) + (thread_number or 0))
end

function request()
  return wrk.format(nil, nil, nil, bodies[math.random(1, #bodies)])
end

local function records_in(body)
  local count, from = 0, 1
  while true do
    local at = body:find('"executor_id"', from, true)
    if at == nil then
      return count
    end
    count = count + 1
    from = at + 13
  end
end

function response(status, headers, body)
  if status ~= 200 then
    unexpected_other = unexpected_other + 1
    summary_lib.note_other_status(status)
  elseif records_in(body or "") == page_size then
    ok_pages = ok_pages + 1
  else
    short_pages = short_pages + 1
  end
end

function done(summary, latency, requests)
  local totals, other_list = summary_lib.totals({ "ok_pages", "short_pages", "unexpected_other" })
  summary_lib.write(summary, latency, {
    string.format("ok_pages=%d", totals.ok_pages),
    string.format("short_pages=%d", totals.short_pages),
    string.format("unexpected_other=%d", totals.unexpected_other),
    string.format("other_statuses=%s", other_list),
  }, totals.short_pages + totals.unexpected_other)
end
