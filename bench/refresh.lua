-- Refresh grant with rotation: each thread owns a share of the refresh tokens in TOKEN_FILE and
-- sends each token's successor (from the response) next, so no token is ever presented twice.
-- Args: PATH BASIC_AUTH TOKEN_FILE THREADS
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
local threads = {}
setup = common.numbered(threads)

function init(args)
  path = args[1]
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. args[2],
  }
  pool, failed = {}, 0
  local n, i = tonumber(args[4]), 0
  for line in io.lines(args[3]) do
    if i % n == id then table.insert(pool, line) end
    i = i + 1
  end
end

function request()
  -- the pool holds one token per connection; it runs dry only after failed refreshes, and then
  -- the request fails visibly rather than reusing a token
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, hdrs, body)
  local next = body and body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if status == 200 and next then table.insert(pool, next) else failed = failed + 1 end
end

function done(summary, latency, requests)
  local failed_total = 0
  for _, t in ipairs(threads) do failed_total = failed_total + t:get("failed") end
  common.result(summary, latency, math.max(summary.errors.status, failed_total))
end
