-- The attacker: wrong passwords from a few addresses, half of the requests credential stuffing over
-- NAMES usernames, half guessing the passwords of TARGETS usernames. AUTH is the Basic credentials
-- of the client it goes through, or client_id=ID for a public client; HEADER carries its address
-- (X-Forwarded-For, or auth0-forwarded-for when it goes through a backend that forwards it).
-- Args: AUTH ATTACKER_IPS NAMES TARGETS DELAY_MS [HEADER]
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local common = require("common")
local threads = {}
setup = common.numbered(threads)

function init(args)
  auth, ips, names, targets, pause = args[1], tonumber(args[2]), tonumber(args[3]), tonumber(args[4]),
    tonumber(args[5])
  header = args[6] or "X-Forwarded-For"
  math.randomseed(os.time() + id * 7919)
  s200, s400, s429, s503, other = 0, 0, 0, 0, 0
end

function request()
  local username
  if math.random(2) == 1 then
    username = "stuffed" .. math.random(names)
  else
    username = "target" .. math.random(targets)
  end
  local body = "grant_type=password&username=" .. username .. "&password=guess" .. math.random(1000000)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    [header] = "203.0.113." .. math.random(ips),
  }
  if auth:sub(1, 10) == "client_id=" then
    body = body .. "&" .. auth
  else
    headers["Authorization"] = "Basic " .. auth
  end
  return wrk.format("POST", "/oauth/token", headers, body)
end

function delay()
  return pause
end

function response(status, headers, body)
  if status == 200 then s200 = s200 + 1
  elseif status == 400 then s400 = s400 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 then s503 = s503 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t200, t400, t429, t503, tother = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    t200 = t200 + t:get("s200")
    t400 = t400 + t:get("s400")
    t429 = t429 + t:get("s429")
    t503 = t503 + t:get("s503")
    tother = tother + t:get("other")
  end
  io.write(string.format("RESULT requests=%d rate=%.1f s200=%d s400=%d s429=%d s503=%d other=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), t200, t400, t429, t503, tother))
end
