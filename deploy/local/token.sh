#!/usr/bin/env bash
# Prints a bearer token (RS256) for the services' REST APIs, carrying the roles given:
#
#   deploy/local/token.sh ROLE...          ROLE: distill-submit (POST, cancel) or distill-read (GET)
#   curl -H "Authorization: Bearer $(deploy/local/token.sh distill-read)" localhost:8081/teachers
#
# It signs with a local key pair in ${DISTILL_KEYS_DIR:-run/keys} (relative to the repository), made
# on first use: private.pem (readable by you alone) and public.pem. The services verify tokens with
# MP_JWT_VERIFY_PUBLICKEY_LOCATION=<that dir>/public.pem and MP_JWT_VERIFY_ISSUER (distill-local by
# default), and sign their own tokens for artifact downloads with SMALLRYE_JWT_SIGN_KEY_LOCATION=
# <that dir>/private.pem. deploy/local/run.sh makes a fresh pair for each run. These are throwaway
# development keys: a real deployment gets tokens from its identity provider (deploy/README.md).
#
# Variables: DISTILL_KEYS_DIR, MP_JWT_VERIFY_ISSUER (distill-local), TOKEN_SUBJECT ($USER),
# TOKEN_LIFETIME_SECONDS (90000: 25 hours, longer than a --paper run's timeout).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
say() { echo "token.sh: $*" >&2; }
[ $# -gt 0 ] || { say "usage: $0 ROLE... (distill-submit, distill-read)"; exit 2; }
for role in "$@"; do
  case "$role" in
    distill-submit|distill-read) ;;
    *) say "unknown role $role: the roles are distill-submit and distill-read"; exit 2 ;;
  esac
done
command -v openssl >/dev/null || { say "openssl is needed"; exit 1; }

keys=${DISTILL_KEYS_DIR:-run/keys}
case "$keys" in /*) ;; *) keys=$repo/$keys ;; esac
if [ ! -f "$keys/private.pem" ] || [ ! -f "$keys/public.pem" ]; then
  mkdir -p "$keys"
  tmp=$(mktemp -d "$keys/.new.XXXXXX")
  (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/private.pem" 2>/dev/null)
  openssl pkey -in "$tmp/private.pem" -pubout -out "$tmp/public.pem"
  # A concurrent call may have made a pair meanwhile: the first one stays.
  mv -n "$tmp/private.pem" "$tmp/public.pem" "$keys/" && rm -rf "$tmp"
  say "made a key pair in $keys"
fi

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
subject=${TOKEN_SUBJECT:-${USER:-distill}}
groups=$(printf '"%s",' "$@")
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
claims=$(printf '{"iss":"%s","sub":"%s","upn":"%s","groups":[%s],"iat":%d,"exp":%d,"jti":"%s"}' \
  "${MP_JWT_VERIFY_ISSUER:-distill-local}" "$subject" "$subject" "${groups%,}" "$now" \
  "$((now + ${TOKEN_LIFETIME_SECONDS:-90000}))" "$(openssl rand -hex 16)" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$keys/private.pem" -binary | b64url)
echo "$header.$claims.$signature"
