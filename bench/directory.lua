-- Password grant logins of users of an LDAP directory, round robin over USERS users named
-- PREFIX<i>, all with the password PASSWORD (as the directory's own authrate tool binds them).
-- Args: PATH BASIC_AUTH USERS PREFIX PASSWORD
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
local threads = {}
setup = common.numbered(threads)

function init(args)
  path, users, prefix, password = args[1], tonumber(args[3]), args[4], args[5]
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. args[2],
  }
  counter = id * 7919
end

function request()
  counter = counter + 1
  local user = prefix .. (counter % users)
  return wrk.format("POST", path, headers, "grant_type=password&username=" .. user .. "&password=" .. password)
end

function done(summary, latency, requests)
  common.result(summary, latency)
end
