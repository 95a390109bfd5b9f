-- Password grant logins, round robin over USERS users named PREFIX<i> with password
-- PREFIX<i>-password. Args: PATH BASIC_AUTH USERS PREFIX
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  path, users, prefix = args[1], tonumber(args[3]), args[4]
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. args[2],
  }
  -- threads start at different users so that no two log in the same user at once
  counter = id * 7919
end

function request()
  counter = counter + 1
  local user = prefix .. (counter % users)
  return wrk.format("POST", path, headers, "grant_type=password&username=" .. user .. "&password=" .. user .. "-password")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d rate=%.1f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
