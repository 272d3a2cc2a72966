#!/usr/bin/env bash
# Prints a bearer token (RS256) for the services' REST APIs, carrying the roles given:
#
#   deploy/local/token.sh [--audience AUD] ROLE...   ROLE: distill-submit (POST, cancel) or distill-read (GET)
#   curl -H "Authorization: Bearer $(deploy/local/token.sh distill-read)" localhost:8081/teachers
#
# Its aud is distill, which every service accepts; --audience teacher-service (or soft-target-service,
# student-service, specialist-service) mints one that only that service accepts. It is issued now
# (iat) and lives TOKEN_LIFETIME_SECONDS; the services refuse a token that lives longer than 24 hours
# from iat to exp (their SMALLRYE_JWT_TIME_TO_LIVE), one issued more than a minute in the future, and
# one whose groups are not a list: see deploy/README.md, "Tokens".
#
# It signs with a local key pair in ${DISTILL_KEYS_DIR:-run/keys} (relative to the repository), made
# on first use: private.pem (readable by you alone) and public.pem. The services verify tokens with
# MP_JWT_VERIFY_PUBLICKEY_LOCATION=<that dir>/public.pem and MP_JWT_VERIFY_ISSUER (distill-local by
# default), and sign their own tokens for the services they call with SMALLRYE_JWT_SIGN_KEY_LOCATION=
# <that dir>/private.pem. deploy/local/run.sh makes a fresh pair for each run. These are throwaway
# development keys: a real deployment gets tokens from its identity provider (deploy/README.md).
#
# Variables: DISTILL_KEYS_DIR, MP_JWT_VERIFY_ISSUER (distill-local), TOKEN_SUBJECT ($USER),
# TOKEN_LIFETIME_SECONDS (3600: an hour; run.sh asks for one that outlives its pipeline).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
say() { echo "token.sh: $*" >&2; }
usage() { say "usage: $0 [--audience AUD] ROLE... (distill-submit, distill-read)"; exit 2; }
audience=distill roles=()
while [ $# -gt 0 ]; do
  case "$1" in
    --audience) [ $# -ge 2 ] || usage; audience=$2; shift 2 ;;
    --audience=*) audience=${1#--audience=}; shift ;;
    distill-submit|distill-read) roles+=("$1"); shift ;;
    *) say "unknown role $1: the roles are distill-submit and distill-read"; exit 2 ;;
  esac
done
[ ${#roles[@]} -gt 0 ] || usage
case "$audience" in
  distill|teacher-service|soft-target-service|student-service|specialist-service) ;;
  *) say "unknown audience $audience: distill (every service) or one service's name, such as teacher-service"
     exit 2 ;;
esac
lifetime=${TOKEN_LIFETIME_SECONDS:-3600}
[[ "$lifetime" =~ ^[1-9][0-9]*$ ]] || { say "TOKEN_LIFETIME_SECONDS=$lifetime is not a positive number"; exit 2; }
if [ "$lifetime" -gt "${SMALLRYE_JWT_TIME_TO_LIVE:-86400}" ]; then
  say "warning: a token living $lifetime s is refused by services that accept at most ${SMALLRYE_JWT_TIME_TO_LIVE:-86400} s (SMALLRYE_JWT_TIME_TO_LIVE)"
fi
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
groups=$(printf '"%s",' "${roles[@]}")
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
claims=$(printf '{"iss":"%s","sub":"%s","upn":"%s","aud":"%s","groups":[%s],"iat":%d,"exp":%d,"jti":"%s"}' \
  "${MP_JWT_VERIFY_ISSUER:-distill-local}" "$subject" "$subject" "$audience" "${groups%,}" "$now" \
  "$((now + lifetime))" "$(openssl rand -hex 16)" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$keys/private.pem" -binary | b64url)
echo "$header.$claims.$signature"
