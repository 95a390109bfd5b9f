-- The same POST on every request (client credentials, introspection), built once per thread so
-- that wrk spends no Lua per request. Args: PATH BASIC_AUTH BODY
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

function init(args)
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.body = args[3]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = "Basic " .. args[2]
end

function done(summary, latency, requests)
  common.result(summary, latency)
end
