# Keycloak for bench/keycloak: fetched from Maven Central into the cache, started in dev mode on
# loopback, a realm "bench" with the same client and users as Tollgate's benchmark configuration.
# shellcheck shell=bash

keycloak_version="${KEYCLOAK_VERSION:-26.4.5}"

keycloak_install() {
  keycloak_home="$bench_cache/keycloak-$keycloak_version"
  if [ ! -x "$keycloak_home/bin/kc.sh" ]; then
    echo "fetching org.keycloak:keycloak-quarkus-dist:$keycloak_version from Maven Central..." >&2
    (cd "$root" && ./mvnw -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:zip" -DoutputDirectory="$bench_cache") >&2
    (cd "$bench_cache" && unzip -q -o "keycloak-quarkus-dist-$keycloak_version.zip")
  fi
}

# Admin REST call: METHOD PATH [JSON]
kc_admin() {
  local token
  token="$(curl -fs "$T_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
  curl -fs -o /dev/null -X "$1" "$T_URL/admin$2" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" ${3:+-d "$3"}
}

# Starts Keycloak in dev mode (its H2 file database, wiped first) on PORT and provisions realm
# "bench" with client "bench" (secret, direct access grants, service account) and USERS users at
# its default password hashing, Argon2id m=7168 t=5 p=1. Sets the T_* globals.
keycloak_start() { # WORK_DIR PORT USERS
  local work="$1" port="$2" users="$3" start
  mkdir -p "$work"
  keycloak_install
  rm -rf "$keycloak_home/data"
  start="$(date +%s%N)"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$keycloak_home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --health-enabled=true \
    > "$work/keycloak.log" 2>&1 &
  T_PID=$!
  T_NAME=keycloak
  T_URL="http://127.0.0.1:$port"
  T_TOKEN_PATH=/realms/bench/protocol/openid-connect/token
  T_INTROSPECT_PATH=/realms/bench/protocol/openid-connect/token/introspect
  T_AUTH="$(printf 'bench:bench-secret' | base64)"
  T_USERS="$users"
  T_PREFIX=user
  T_ACCESS_TOKEN=""
  T_READY_MS="$(wait_ready "$T_URL/realms/master" "$start" 300)" || { tail -50 "$work/keycloak.log" >&2; return 1; }
  # kc.sh runs java as a child: sample the JVM, not the shell
  local jvm
  jvm="$(pgrep -P "$T_PID" java || true)"
  [ -n "$jvm" ] && T_SAMPLE_PID="$jvm"
  kc_admin POST /realms '{"realm":"bench","enabled":true,"sslRequired":"none","accessTokenLifespan":3600,"bruteForceProtected":false}'
  kc_admin POST /realms/bench/clients '{"clientId":"bench","secret":"bench-secret","publicClient":false,"directAccessGrantsEnabled":true,"serviceAccountsEnabled":true,"standardFlowEnabled":false}'
  export -f kc_admin
  export T_URL
  seq 0 $((users - 1)) | xargs -P "$cores" -I{} bash -c 'kc_admin POST /realms/bench/users "{\"username\":\"user{}\",\"enabled\":true,\"email\":\"user{}@example.com\",\"emailVerified\":true,\"firstName\":\"User\",\"lastName\":\"Number{}\",\"credentials\":[{\"type\":\"password\",\"value\":\"user{}-password\",\"temporary\":false}]}"'
}
