#!/usr/bin/env bash
# Credential stuffing benchmark: legitimate users log in at a modest rate, first alone, then while
# an attacker sends wrong passwords at hundreds of requests per second from a few addresses.
# Prints the legitimate users' success rate and p99 latency in both runs, and their ratio.
#
# SCENARIO picks who sends what:
#   addresses (default): every user and the attacker log in through the client "bench" from
#     addresses of their own (X-Forwarded-For);
#   backend: one backend client forwards its users' addresses (auth0-forwarded-for, the client
#     registered with forwarded_user_ip), and the attacker's guesses go through the same backend,
#     which forwards the attacker's addresses;
#   backend-direct: the users log in through the backend as above, the attacker on addresses of
#     its own through a public client.
#
# Runs only against a server it starts itself on 127.0.0.1. Client addresses are simulated with
# X-Forwarded-For (the server trusts 127.0.0.1 as a proxy for this run). Needs wrk (installed with
# apt-get when missing) and curl. Tunables (environment): SCENARIO, BENCH_PORT, SECONDS_PER_RUN,
# LEGIT_USERS, LEGIT_CONNECTIONS, LEGIT_DELAY_MS, ATTACKER_IPS, ATTACK_CONNECTIONS, ATTACK_DELAY_MS,
# STUFFED_NAMES, TARGETS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

scenario="${SCENARIO:-addresses}"
case "$scenario" in addresses|backend|backend-direct) ;; *) echo "unknown SCENARIO $scenario" >&2; exit 2 ;; esac
port="${BENCH_PORT:-18090}"
seconds="${SECONDS_PER_RUN:-30}"
legit_users="${LEGIT_USERS:-20}"
legit_connections="${LEGIT_CONNECTIONS:-2}"
legit_delay_ms="${LEGIT_DELAY_MS:-200}"
attacker_ips="${ATTACKER_IPS:-2}"
attack_connections="${ATTACK_CONNECTIONS:-10}"
attack_delay_ms="${ATTACK_DELAY_MS:-8}"
stuffed_names="${STUFFED_NAMES:-10000}"
targets="${TARGETS:-50}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

{
  cat <<EOF
[server]
host = "127.0.0.1"
port = $port
trusted_proxies = ["127.0.0.1"]

[storage]
url = "jdbc:h2:file:$work/db"

[audit]
file = "$work/audit.log"

[[clients]]
id = "bench"
secret = "bench-secret"
scopes = ["read"]
forwarded_user_ip = true

[[clients]]
id = "spa"
scopes = ["read"]
grant_types = ["password"]
EOF
  for i in $(seq 0 $((legit_users - 1))); do
    printf '\n[[users]]\nusername = "legit%d"\npassword = "legit-password-%d"\nscopes = ["read"]\n' "$i" "$i"
  done
} > "$work/tollgate.toml"

"$root/tollgate" serve --config "$work/tollgate.toml" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

auth="$(printf 'bench:bench-secret' | base64)"
legit_header="X-Forwarded-For"; attack_auth="$auth"; attack_header="X-Forwarded-For"
case "$scenario" in
  backend) legit_header="auth0-forwarded-for"; attack_header="auth0-forwarded-for" ;;
  backend-direct) legit_header="auth0-forwarded-for"; attack_auth="client_id=spa" ;;
esac
legit() {
  wrk -t 1 -c "$legit_connections" -d "${seconds}s" --timeout 10s -s "$here/legit.lua" \
    "http://127.0.0.1:$port" -- "$auth" "$legit_users" "$legit_delay_ms" "$legit_header" | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "warming up..." >&2
wrk -t 1 -c 1 -d 5s -s "$here/legit.lua" "http://127.0.0.1:$port" -- "$auth" "$legit_users" 0 "$legit_header" >/dev/null

echo "legitimate users alone, ${seconds}s..." >&2
baseline="$(legit)"

echo "legitimate users under attack, ${seconds}s..." >&2
wrk -t 1 -c "$attack_connections" -d "$((seconds + 10))s" --timeout 10s -s "$here/stuffing.lua" \
  "http://127.0.0.1:$port" -- "$attack_auth" "$attacker_ips" "$stuffed_names" "$targets" "$attack_delay_ms" \
  "$attack_header" > "$work/attack.txt" &
attack_pid=$!
sleep 5
attacked="$(legit)"
wait "$attack_pid"
attack="$(grep '^RESULT' "$work/attack.txt")"

rate() { awk -v ok="$1" -v failed="$2" 'BEGIN { printf "%.1f", (ok + failed) ? 100 * ok / (ok + failed) : 0 }'; }
b_ok="$(field ok "$baseline")"; b_failed="$(field failed "$baseline")"; b_p99="$(field p99_ms "$baseline")"
a_ok="$(field ok "$attacked")"; a_failed="$(field failed "$attacked")"; a_p99="$(field p99_ms "$attacked")"

echo
echo "scenario   : $scenario"
echo "baseline   : $baseline"
echo "under attack: $attacked"
echo "attacker   : $attack"
echo
echo "legitimate success rate: alone $(rate "$b_ok" "$b_failed")%, under attack $(rate "$a_ok" "$a_failed")%"
echo "legitimate p99 latency : alone ${b_p99} ms, under attack ${a_p99} ms, ratio $(awk -v a="$a_p99" -v b="$b_p99" 'BEGIN { printf "%.2f", a / b }')"
echo "attacker               : $(field rate "$attack") requests/s; $(field s400 "$attack") wrong-password answers (hashed), $(field s429 "$attack") answered 429 and $(field s503 "$attack") answered 503, without a hash"
