# Shared by bench/run and bench/keycloak: tools, the machine's limits, load and process sampling.
# shellcheck shell=bash

bench_cache="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tollgate-bench}"
cores="$(nproc)"

# Installs what the benchmark needs from Debian's packages when it is missing.
need_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ -f /usr/include/argon2.h ] || missing+=(libargon2-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} with apt-get..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  mkdir -p "$bench_cache"
  if [ ! -x "$bench_cache/argon2_rate" ] || [ "$bench_dir/native/argon2_rate.c" -nt "$bench_cache/argon2_rate" ]; then
    gcc -O2 -o "$bench_cache/argon2_rate" "$bench_dir/native/argon2_rate.c" -largon2 -lpthread
  fi
}

# The value of key=value in a RESULT-style line.
field() { sed -n "s/.*\b$1=\([-0-9.]*\).*/\1/p" <<<"$2"; }

# Native Argon2id hashes per second on all cores (libargon2 in-process, one thread per core).
# Also keeps, in argon2_per_cpu, its hashes per second of CPU it actually got.
argon2_limit() { # MEMORY_KIB ITERATIONS PARALLELISM SECONDS
  local out
  out="$("$bench_cache/argon2_rate" rate "$1" "$2" "$3" "$cores" "$4")"
  echo "$(field per_cpu_second "$out")" >> "$bench_cache/per_cpu.$$"
  field rate "$out"
}

# OpenSSL signatures per second on all cores: prints "rs256=N es256=N eddsa=N rs256_verify=N".
openssl_limits() { # SECONDS
  local out
  out="$(openssl speed -seconds "$1" -multi "$cores" rsa2048 ecdsap256 ed25519 2>/dev/null)"
  awk '/^rsa 2048 bits/ { rs = $(NF-1); rsv = $NF }
       /ecdsa \(nistp256\)/ { es = $(NF-1) }
       /EdDSA \(Ed25519\)/ { ed = $(NF-1) }
       END { printf "rs256=%s es256=%s eddsa=%s rs256_verify=%s\n", rs, es, ed, rsv }' <<<"$out"
}

# CPU seconds (user + system) a process has used so far.
cpu_seconds() { # PID
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# Peak resident set of a process in MiB since the last reset_peak_rss.
peak_rss_mib() { # PID
  awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}
reset_peak_rss() { echo 5 > "/proc/$1/clear_refs" 2>/dev/null || true; }

# Runs wrk with one of the Lua scripts against BASE_URL and prints its RESULT line extended by
# the server's CPU (cores busy) and peak RSS during the run. THREADS is min(cores, connections).
drive() { # PID BASE_URL CONNECTIONS SECONDS SCRIPT ARGS...
  local pid="$1" url="$2" conns="$3" secs="$4" script="$5"
  shift 5
  local threads=$((conns < cores ? conns : cores))
  local cpu_before cpu_after start end result
  reset_peak_rss "$pid"
  cpu_before="$(cpu_seconds "$pid")"
  start="$(date +%s.%N)"
  result="$(wrk -t "$threads" -c "$conns" -d "${secs}s" --timeout 10s -s "$bench_dir/$script" "$url" -- "$@" \
    | grep '^RESULT')"
  end="$(date +%s.%N)"
  cpu_after="$(cpu_seconds "$pid")"
  echo "$result cpu_cores=$(awk -v a="$cpu_before" -v b="$cpu_after" -v s="$start" -v e="$end" \
    'BEGIN { printf "%.2f", (b - a) / (e - s) }') rss_mib=$(peak_rss_mib "$pid")"
}

# Milliseconds from START_NS (date +%s%N) until URL answers 200, polling every 20 ms.
wait_ready() { # URL START_NS TIMEOUT_SECONDS
  local deadline=$(($(date +%s) + $3))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fs -o /dev/null "$1" 2>/dev/null; then
      echo $((($(date +%s%N) - $2) / 1000000))
      return 0
    fi
    sleep 0.02
  done
  return 1
}

# One table row: NAME CONNECTIONS RESULT_LINE LIMIT LIMIT_NAME
row() {
  local r="$3"
  awk -v name="$1" -v c="$2" -v rate="$(field rate "$r")" -v p50="$(field p50_ms "$r")" -v p99="$(field p99_ms "$r")" \
    -v bad="$(field non2xx "$r")" -v sock="$(field socket_errors "$r")" -v cpu="$(field cpu_cores "$r")" \
    -v rss="$(field rss_mib "$r")" -v limit="$4" -v lname="$5" 'BEGIN {
      ratio = (limit > 0) ? sprintf("%.2f of %s", rate / limit, lname) : "";
      printf "%-20s %5s %10.1f %9.2f %9.2f %7d %6.2f %7d  %s\n", name, c, rate, p50, p99, bad + sock, cpu, rss, ratio
    }'
}

header() {
  printf "%-20s %5s %10s %9s %9s %7s %6s %7s  %s\n" grant conns "req/s" "p50 ms" "p99 ms" errors cpu "rss MiB" \
    "ratio to this run's limit"
}

# The target under load, set by tollgate_start (or keycloak_start in bench/keycloak):
# T_NAME T_PID T_URL T_TOKEN_PATH T_INTROSPECT_PATH T_AUTH (base64 client:secret) T_USERS T_PREFIX

# The refresh token of user number I's password grant at the current target, on one line.
one_refresh_token() { # I
  local u="$T_PREFIX$(($1 % T_USERS))"
  printf '%s\n' "$(curl -fs "$T_URL$T_TOKEN_PATH" -H "Authorization: Basic $T_AUTH" \
    -d "grant_type=password&username=$u&password=$u-password${T_AUDIENCE:+&audience=$T_AUDIENCE}" \
    | sed -n 's/.*"refresh_token" *: *"\([^"]*\)".*/\1/p')"
}

# Gets N refresh tokens by password grant into FILE, one per line, fetched in parallel (each
# process writes one short line, so their outputs cannot interleave).
fetch_refresh_tokens() { # N FILE
  export -f one_refresh_token
  export T_PREFIX T_USERS T_URL T_TOKEN_PATH T_AUTH T_AUDIENCE
  seq 0 $(($1 - 1)) | xargs -P "$cores" -I{} bash -c 'one_refresh_token {}' > "$2"
  [ "$(grep -c . "$2")" -eq "$1" ] || { echo "could not get $1 refresh tokens from $T_NAME" >&2; return 1; }
}

access_token() {
  local u="${T_PREFIX}0"
  curl -fs "$T_URL$T_TOKEN_PATH" -H "Authorization: Basic $T_AUTH" \
    -d "grant_type=password&username=$u&password=$u-password" \
    | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p'
}

# Drives one grant at one concurrency against the current target; prints
# "LOAD target grant connections RESULT...". With T_AUDIENCE set, the refresh tokens and the
# client credentials tokens are for that API (and so signed with its algorithm).
load() { # GRANT CONNECTIONS SECONDS
  local grant="$1" c="$2" secs="$3" r tokens
  local pid="${T_SAMPLE_PID:-$T_PID}"
  case "$grant" in
    password)
      r="$(drive "$pid" "$T_URL" "$c" "$secs" password.lua "$T_TOKEN_PATH" "$T_AUTH" "$T_USERS" "$T_PREFIX")" ;;
    refresh)
      tokens="$(mktemp)"
      # one spare per thread: wrk calls request() once more than it sends, to check the script
      fetch_refresh_tokens $((c + cores)) "$tokens"
      r="$(drive "$pid" "$T_URL" "$c" "$secs" refresh.lua "$T_TOKEN_PATH" "$T_AUTH" "$tokens" \
        $((c < cores ? c : cores)))"
      rm -f "$tokens" ;;
    client_credentials)
      r="$(drive "$pid" "$T_URL" "$c" "$secs" static.lua "$T_TOKEN_PATH" "$T_AUTH" \
        "grant_type=client_credentials${T_AUDIENCE:+&audience=$T_AUDIENCE}")" ;;
    introspection)
      [ -n "${T_ACCESS_TOKEN:-}" ] || T_ACCESS_TOKEN="$(access_token)"
      r="$(drive "$pid" "$T_URL" "$c" "$secs" static.lua "$T_INTROSPECT_PATH" "$T_AUTH" "token=$T_ACCESS_TOKEN")" ;;
  esac
  echo "LOAD $T_NAME $grant $c $r"
}

# Checks that each grant works once before any load, so a misconfiguration fails loudly.
smoke() {
  local u="${T_PREFIX}0" token
  curl -fs -o /dev/null "$T_URL$T_TOKEN_PATH" -H "Authorization: Basic $T_AUTH" \
    -d "grant_type=password&username=$u&password=$u-password" || { echo "$T_NAME: password grant fails" >&2; return 1; }
  curl -fs -o /dev/null "$T_URL$T_TOKEN_PATH" -H "Authorization: Basic $T_AUTH" -d grant_type=client_credentials \
    || { echo "$T_NAME: client credentials grant fails" >&2; return 1; }
  token="$(access_token)"
  curl -fs "$T_URL$T_INTROSPECT_PATH" -H "Authorization: Basic $T_AUTH" -d "token=$token" | grep -q '"active" *: *true' \
    || { echo "$T_NAME: introspection does not find the token active" >&2; return 1; }
}

# Starts Tollgate through ./tollgate (its launcher's JVM flags) on PORT with the hash cost and
# USERS users whose hashes were made by libargon2 (so the native hashes are checked by Tollgate).
# Sets the T_* globals and T_READY_MS. The database is an H2 file in WORK_DIR unless
# BENCH_STORAGE_URL (with BENCH_STORAGE_USER and BENCH_STORAGE_PASSWORD) names another.
tollgate_start() { # WORK_DIR PORT MEMORY_KIB ITERATIONS PARALLELISM USERS
  T_SAMPLE_PID=""
  local work="$1" port="$2" m="$3" t="$4" p="$5" users="$6"
  mkdir -p "$work"
  if [ ! -f "$work/users.toml" ]; then
    seq 0 $((users - 1)) | xargs -P "$cores" -I{} sh -c \
      'printf "\n[[users]]\nusername = \"user{}\"\npassword_hash = \"%s\"\nscopes = [\"read\"]\n" \
         "$("'"$bench_cache"'/argon2_rate" encode '"$m $t $p"' "user{}-password")"' > "$work/users.toml"
  fi
  cat > "$work/tollgate.toml" <<TOML
[server]
host = "127.0.0.1"
port = $port

[storage]
url = "${BENCH_STORAGE_URL:-jdbc:h2:file:$work/db}"
user = "${BENCH_STORAGE_USER:-}"
password = "${BENCH_STORAGE_PASSWORD:-}"

[keys]
encryption_key_file = "$work/encryption.key"

[passwords]
memory_kib = $m
iterations = $t
parallelism = $p

# all load comes from 127.0.0.1: the per-IP limit would turn most of it away
[brute_force]
ip_requests_per_minute = 0

[audit]
file = "$work/audit.log"

# the same grants with tokens signed by the other algorithms (bench/run's per-API rows)
[[apis]]
identifier = "https://bench.example/es256"
scopes = ["read"]
signing_alg = "ES256"

[[apis]]
identifier = "https://bench.example/eddsa"
scopes = ["read"]
signing_alg = "EdDSA"

[[clients]]
id = "bench"
secret = "bench-secret"
grant_types = ["password", "refresh_token", "client_credentials"]
scopes = ["read"]
TOML
  cp "$work/tollgate.toml" "$work/restart.toml"
  cat "$work/users.toml" >> "$work/tollgate.toml"
  T_NAME=tollgate
  T_URL="http://127.0.0.1:$port"
  T_TOKEN_PATH=/oauth/token
  T_INTROSPECT_PATH=/oauth/introspect
  T_AUTH="$(printf 'bench:bench-secret' | base64)"
  T_USERS="$users"
  T_PREFIX=user
  T_ACCESS_TOKEN=""
  T_AUDIENCE=""
  # The first start creates the database, the keys and the users (and, once per build, the
  # launcher's class data archive); the start that is measured is the restart, on a warm disk,
  # with the users in the database as in production rather than in the configuration file.
  local start
  start="$(date +%s%N)"
  "$root/tollgate" serve --config "$work/tollgate.toml" > "$work/first.log" 2>&1 &
  T_PID=$!
  T_FIRST_READY_MS="$(wait_ready "$T_URL/health/ready" "$start" 300)" || { cat "$work/first.log" >&2; return 1; }
  target_stop
  start="$(date +%s%N)"
  "$root/tollgate" serve --config "$work/restart.toml" > "$work/server.log" 2>&1 &
  T_PID=$!
  T_READY_MS="$(wait_ready "$T_URL/health/ready" "$start" 120)" || { cat "$work/server.log" >&2; return 1; }
}

# Keeps the current target's T_* globals under NAME, and brings them back.
target_vars=(T_NAME T_PID T_SAMPLE_PID T_URL T_TOKEN_PATH T_INTROSPECT_PATH T_AUTH T_USERS T_PREFIX T_ACCESS_TOKEN
  T_READY_MS T_FIRST_READY_MS)
save_target() { local v; for v in "${target_vars[@]}"; do printf -v "saved_${1}_$v" '%s' "${!v:-}"; done; }
use_target() { local v n; for v in "${target_vars[@]}"; do n="saved_${1}_$v"; printf -v "$v" '%s' "${!n:-}"; done; }

target_stop() {
  if [ -n "${T_SAMPLE_PID:-}" ] && [ "${T_SAMPLE_PID}" != "${T_PID:-}" ]; then
    kill "$T_SAMPLE_PID" 2>/dev/null || true
    while kill -0 "$T_SAMPLE_PID" 2>/dev/null; do sleep 0.2; done
  fi
  T_SAMPLE_PID=""
  if [ -n "${T_PID:-}" ]; then
    kill "$T_PID" 2>/dev/null || true
    wait "$T_PID" 2>/dev/null || true
    T_PID=""
  fi
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# A throw-away PostgreSQL cluster in DATA_DIR on 127.0.0.1:PORT (user postgres, no password),
# from PG_BIN: Debian's server when installed, else the binaries the test suite unpacks.
PG_DATA=""
postgres_start() { # DATA_DIR PORT
  postgres_stop
  PG_BIN="${PG_BIN:-$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres /tmp/embedded-pg/*/bin/postgres 2>/dev/null \
    | head -1)")}"
  [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL: apt-get install postgresql, or run the tests once" >&2; return 1; }
  PG_DATA="$1"
  rm -rf "$PG_DATA"
  mkdir -p "$PG_DATA" && chmod 755 "$(dirname "$PG_DATA")"
  if [ "$(id -u)" = 0 ]; then chown nobody "$PG_DATA" "$(dirname "$PG_DATA")"; fi # it refuses to run as root
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -o "-p $2 -k $(dirname "$PG_DATA") -c listen_addresses=127.0.0.1" \
    -l "$PG_DATA/pg.log" -w start >/dev/null
}
postgres_stop() {
  if [ -n "$PG_DATA" ]; then as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true; fi
  PG_DATA=""
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
