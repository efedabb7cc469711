-- One kind of the soak's traffic per wrk process (bench/soak.py starts one of each), so that
-- every status code is counted against the request kind that got it.
-- wrk ... -s bench/soak.lua URL -- KIND ARG1 ARG2
--   read     ETAG           GET /api/v1/portal.json, every other one with If-None-Match: the
--                           last ETag this thread saw (ETAG at first)
--   case     CASE_TOKEN     GET /api/v1/cases/CASE_TOKEN.json
--   report   INCIDENT_ID    POST /api/v1/reports ("I'm affected"), one every 100 ms a connection
--   write    TOKEN COMP_ID  PATCH /api/v1/components/COMP_ID, the status back and forth, one
--                           every 500 ms a connection (an operator's pace, not a flood)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  kind, arg1, arg2 = args[1], args[2], args[3]
  counts = {}
  n = 0
end

function delay()
  if kind == "report" then return 100 end
  if kind == "write" then return 500 end
  return 0
end

function request()
  n = n + 1
  if kind == "read" then
    if n % 2 == 0 then
      return wrk.format("GET", "/api/v1/portal.json", { ["If-None-Match"] = arg1 })
    end
    return wrk.format("GET", "/api/v1/portal.json")
  elseif kind == "case" then
    return wrk.format("GET", "/api/v1/cases/" .. arg1 .. ".json")
  elseif kind == "report" then
    return wrk.format("POST", "/api/v1/reports", { ["Content-Type"] = "application/json" },
                      '{"incident_id": "' .. arg1 .. '"}')
  else
    local status = (n % 2 == 0) and "degraded_performance" or "operational"
    return wrk.format("PATCH", "/api/v1/components/" .. arg2,
                      { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. arg1 },
                      '{"status": "' .. status .. '"}')
  end
end

function response(status, headers, body)
  -- Readers revalidate with the ETag they last saw, as browsers do; every write changes it.
  if kind == "read" and headers["ETag"] then arg1 = headers["ETag"] end
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

-- One JSON line the driver reads: status code → count, summed over the threads.
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, '"' .. k .. '": ' .. v) end
  io.write(string.format('SOAK {"kind": "%s", "requests": %d, "errors": %d, "p50_ms": %.2f, "p99_ms": %.2f, "codes": {%s}}\n',
    threads[1]:get("kind"), summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ", ")))
end
