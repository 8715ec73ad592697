-- wrk script for bench/run.py. BENCH_MODE (environment) picks the requests:
--   get       the URL as given (no request() function: wrk sends a prebuilt request)
--   unique    the URL with a unique query string each time, so no cache can answer
--   register  POST the registration form, a unique e-mail address each time
-- done() prints one line, "WRK_JSON {...}", that run.py reads.

local mode = os.getenv("BENCH_MODE") or "get"
local prefix = os.getenv("BENCH_PREFIX") or "bench"
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

if mode == "unique" then
  function request()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "bench=" .. prefix .. "-"
      .. thread_id .. "-" .. counter)
  end
elseif mode == "register" then
  function request()
    counter = counter + 1
    local body = "name=Bench+Mark&consent=on&email=" .. prefix .. "-" .. thread_id
      .. "-" .. counter .. "%40example.no"
    return wrk.format("POST", nil,
      {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, '
      .. '"timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
