#!/usr/bin/env bash
# Browser tests: the seed's headless MFA flows through the official @stytch/vanilla-js client in headless Chromium.
# Installs the npm packages (npm ci), builds the example and the server jar, starts a Latchkey server and the
# example app on two other ports (cross-origin, plus a third, unauthorized origin), runs the tests, stops it all.
# For single sign-on and "Sign in with Google" it also starts three local identity providers (e2e/idp/): a SAML IdP,
# an OIDC IdP for SSO connections, and a second OIDC IdP that Latchkey's OAuth takes for Google
# (LATCHKEY_OAUTH_GOOGLE_*). The example app's URL is the project's one allowed redirect URL (every kind).
#
# Needs: a JDK >= 21, Maven, Node >= 20 with npm, Debian's chromium (apt-get install -y chromium), openssl.
# Usage: e2e/run.sh [test files relative to e2e/, e.g. tests/rbac.test.mjs; default: all of tests/]
# Environment: LATCHKEY_JAR=path skips the Maven build; CHROMIUM=path overrides /usr/bin/chromium.
# The server's project has the custom RBAC policy of e2e/rbac-policy.json (tests/rbac.test.mjs relies on it).
# Screenshots and, on failure, the server log go to e2e/artifacts/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  for jdk in /usr/lib/jvm/*; do
    if [ -x "$jdk/bin/javac" ] && [ "$(java_major "$jdk")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$jdk"
      break
    fi
  done
fi
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if ! command -v openssl >/dev/null; then
  echo "e2e: no openssl (apt-get install -y openssl): the SAML IdP makes its signing key with it" >&2
  exit 1
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: no Chromium at $CHROMIUM (apt-get install -y chromium)" >&2
  exit 1
fi

echo "e2e: npm ci and build"
(cd examples/headless-mfa && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
if [ -z "${LATCHKEY_JAR:-}" ]; then
  echo "e2e: building the server jar"
  mvn -B -q package -DskipTests
  LATCHKEY_JAR="$ROOT/target/latchkey.jar"
fi

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
API_PORT="$(free_port)"
APP_PORT="$(free_port)"
OTHER_PORT="$(free_port)"
SAML_IDP_PORT="$(free_port)"
OIDC_IDP_PORT="$(free_port)"
GOOGLE_IDP_PORT="$(free_port)"
WORK="$(mktemp -d)"
PIDS=()
ARTIFACTS="$ROOT/e2e/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/latchkey.log "$ARTIFACTS"/*-idp.log

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  cp "$WORK/latchkey.log" "$ARTIFACTS/latchkey.log" 2>/dev/null || true
  cp "$WORK"/*-idp.log "$ARTIFACTS/" 2>/dev/null || true
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT INT TERM

export LATCHKEY_PROJECT_ID="project-test-$(cat /proc/sys/kernel/random/uuid)"
export LATCHKEY_PROJECT_SECRET="secret-test-$(head -c 30 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
export LATCHKEY_PUBLIC_TOKEN="public-token-test-$(cat /proc/sys/kernel/random/uuid)"
export LATCHKEY_URL="http://127.0.0.1:$API_PORT"
export APP_URL="http://127.0.0.1:$APP_PORT"
export OTHER_APP_URL="http://127.0.0.1:$OTHER_PORT"
export SAML_IDP_URL="http://127.0.0.1:$SAML_IDP_PORT"
export OIDC_IDP_URL="http://127.0.0.1:$OIDC_IDP_PORT"
export OIDC_IDP_CLIENT_ID="latchkey-sso-$(cat /proc/sys/kernel/random/uuid)"
export OIDC_IDP_CLIENT_SECRET="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
export GOOGLE_IDP_URL="http://127.0.0.1:$GOOGLE_IDP_PORT"
GOOGLE_CLIENT_ID="latchkey-google-$(cat /proc/sys/kernel/random/uuid)"
GOOGLE_CLIENT_SECRET="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"

echo "e2e: identity providers: SAML $SAML_IDP_URL, OIDC $OIDC_IDP_URL, Google stand-in $GOOGLE_IDP_URL"
PORT="$SAML_IDP_PORT" node e2e/idp/saml-idp.mjs >"$WORK/saml-idp.log" 2>&1 &
PIDS+=($!)
# Both OIDC IdPs accept any redirect_uri under Latchkey's /v1/b2b/: connection and OAuth callback ids are minted
# at run time. The Google stand-in adds Google's hd claim (the email's domain).
PORT="$OIDC_IDP_PORT" OIDC_CLIENT_ID="$OIDC_IDP_CLIENT_ID" OIDC_CLIENT_SECRET="$OIDC_IDP_CLIENT_SECRET" \
  OIDC_REDIRECT_PREFIX="$LATCHKEY_URL/v1/b2b/" node e2e/idp/oidc-idp.mjs >"$WORK/oidc-idp.log" 2>&1 &
PIDS+=($!)
PORT="$GOOGLE_IDP_PORT" OIDC_CLIENT_ID="$GOOGLE_CLIENT_ID" OIDC_CLIENT_SECRET="$GOOGLE_CLIENT_SECRET" \
  OIDC_REDIRECT_PREFIX="$LATCHKEY_URL/v1/b2b/" OIDC_HD_FROM_EMAIL=true \
  node e2e/idp/oidc-idp.mjs >"$WORK/google-idp.log" 2>&1 &
PIDS+=($!)
# 2xx from every URL given, or a non-zero exit.
all_up() { node -e 'Promise.all(process.argv.slice(1).map((u) => fetch(u).then((r) => r.ok))).then((oks) => process.exit(oks.every(Boolean) ? 0 : 1), () => process.exit(1))' "$@"; }
for _ in $(seq 1 30); do
  all_up "$SAML_IDP_URL/health" "$OIDC_IDP_URL/health" "$GOOGLE_IDP_URL/health" && break
  sleep 1
done

echo "e2e: Latchkey on $LATCHKEY_URL, the app on $APP_URL (authorized), $OTHER_APP_URL (not authorized)"
LATCHKEY_HOST=127.0.0.1 LATCHKEY_PORT="$API_PORT" LATCHKEY_DATA_DIR="$WORK/data" \
  LATCHKEY_PUBLIC_URL="$LATCHKEY_URL" LATCHKEY_REDIRECT_URLS="$APP_URL/" \
  LATCHKEY_AUTHORIZED_ORIGINS="$APP_URL" LATCHKEY_RBAC_POLICY_FILE="$ROOT/e2e/rbac-policy.json" \
  LATCHKEY_OAUTH_GOOGLE_ISSUER="$GOOGLE_IDP_URL" LATCHKEY_OAUTH_GOOGLE_CLIENT_ID="$GOOGLE_CLIENT_ID" \
  LATCHKEY_OAUTH_GOOGLE_CLIENT_SECRET="$GOOGLE_CLIENT_SECRET" \
  "$JAVA_HOME/bin/java" -jar "$LATCHKEY_JAR" >"$WORK/latchkey.log" 2>&1 &
LATCHKEY_PID=$!
PIDS+=($LATCHKEY_PID)
HOST=127.0.0.1 PORT="$APP_PORT" node examples/headless-mfa/serve.mjs >"$WORK/app.log" 2>&1 &
PIDS+=($!)
HOST=127.0.0.1 PORT="$OTHER_PORT" node examples/headless-mfa/serve.mjs >"$WORK/other-app.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 180); do
  if all_up "$LATCHKEY_URL/readyz" "$APP_URL/" "$OTHER_APP_URL/"; then
    break
  fi
  if ! kill -0 "$LATCHKEY_PID" 2>/dev/null; then
    echo "e2e: the Latchkey server exited:" >&2
    cat "$WORK/latchkey.log" >&2
    exit 1
  fi
  sleep 1
done
if ! all_up "$LATCHKEY_URL/readyz" "$APP_URL/" "$OTHER_APP_URL/" "$SAML_IDP_URL/health" "$OIDC_IDP_URL/health" \
  "$GOOGLE_IDP_URL/health"; then
  echo "e2e: the servers did not come up; the Latchkey log is in e2e/artifacts/latchkey.log" >&2
  exit 1
fi

echo "e2e: running the browser tests"
TESTS=("$@")
[ ${#TESTS[@]} -gt 0 ] || TESTS=(tests/)
(cd e2e && node --test --test-concurrency=1 "${TESTS[@]}")
