-- Shared by the wrk scripts here: numbered threads, and the RESULT line that lib.sh reads.
local common = {}

-- A setup() that gives each thread an id (0, 1, ...) and keeps it in THREADS, so that done()
-- can add up counters the threads kept.
function common.numbered(threads)
  return function(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
  end
end

-- Writes the RESULT line; NON2XX defaults to wrk's count of non-2xx answers.
function common.result(summary, latency, non2xx)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d rate=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, non2xx or e.status, e.connect + e.read + e.write + e.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

return common
