-- GET PATH with a bearer token, the same request every time (wrk builds it once per thread).
-- Args: PATH [TOKEN]; without TOKEN no Authorization header is sent.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")

function init(args)
  wrk.method = "GET"
  wrk.path = args[1]
  if args[2] then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
end

function done(summary, latency, requests)
  common.result(summary, latency)
end
