-- Password grant logins, round robin over USERS users named PREFIX<i> with password
-- PREFIX<i>-password. Args: PATH BASIC_AUTH USERS PREFIX
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
local threads = {}
setup = common.numbered(threads)

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
  common.result(summary, latency)
end
