-- Legitimate users: each request logs in one of USERS users with the right password, from that
-- user's own address, then waits DELAY_MS, so the rate stays modest. The address travels in
-- HEADER: X-Forwarded-For (believed because the peer 127.0.0.1 is a trusted proxy), or
-- auth0-forwarded-for when the client is a backend forwarding its users' addresses.
-- Args: BASIC_AUTH USERS DELAY_MS [HEADER]
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
local threads = {}
setup = common.numbered(threads)

function init(args)
  auth, users, pause, header = args[1], tonumber(args[2]), tonumber(args[3]), args[4] or "X-Forwarded-For"
  counter, ok, failed = id, 0, 0
end

function request()
  counter = counter + 1
  local i = counter % users
  local body = "grant_type=password&username=legit" .. i .. "&password=legit-password-" .. i
  return wrk.format("POST", "/oauth/token", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. auth,
    [header] = "10.1." .. math.floor(i / 250) .. "." .. (i % 250 + 1),
  }, body)
end

function delay()
  return pause
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_failed = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_failed = total_failed + t:get("failed")
  end
  local e = summary.errors
  io.write(string.format("RESULT ok=%d failed=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f rate=%.1f\n",
    total_ok, total_failed, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6)))
end
