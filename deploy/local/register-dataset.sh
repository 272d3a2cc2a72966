#!/usr/bin/env bash
# Registers a local data-set file with teacher-service (POST /datasets/upload) and prints its id:
#
#   deploy/local/register-dataset.sh FILE [--name NAME] [--format npz|csv|image-folder] [--label-column C] [--no-header]
#                                         [--scaling minmax|standard]
#
# The format comes from the file's extension unless given (.npz; .csv, .csv.gz; .zip, .tar, .tar.gz,
# .tgz), the name from its base name (lower-cased, other characters as dashes). A set of float features
# is scaled per feature to its training range, [0, 1] (minmax), unless --scaling standard asks for mean 0
# and deviation 1; images are divided by 255. The same file registered the same way again gives the
# same id. A file up to 64 MiB is uploaded (POST /datasets/upload); a larger one is
# copied to uploads/ in the bucket (curl's SigV4 signing) and registered from there (POST /datasets), as
# docs/api.md, "Data sets", says.
#
# Variables: TEACHER_URL (http://localhost:8081); DISTILL_AUTH (jwt: a token from deploy/local/token.sh,
# with DISTILL_KEYS_DIR; off: none); for a large file DISTILL_OBJECT_STORE_ENDPOINT,
# DISTILL_OBJECT_STORE_BUCKET (distill), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (us-east-1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
say() { echo "register-dataset.sh: $*" >&2; }
file=${1:?usage: $0 FILE [--name NAME] [--format FORMAT] [--label-column C] [--no-header] [--scaling S]}
shift
[ -f "$file" ] || { say "no file $file"; exit 2; }
base=$(basename "$file")
name= format= query=
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=${2:?--name needs a value}; shift ;;
    --format) format=${2:?--format needs a value}; shift ;;
    --label-column) query+="&labelColumn=${2:?--label-column needs a value}"; shift ;;
    --no-header) query+="&header=false" ;;
    --scaling) query+="&scaling=${2:?--scaling needs minmax or standard}"; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
  shift
done
if [ -z "$format" ]; then
  case "$base" in
    *.npz) format=npz ;;
    *.csv|*.csv.gz) format=csv ;;
    *.zip|*.tar|*.tar.gz|*.tgz) format=image-folder ;;
    *) say "cannot tell the format of $base from its extension; give --format"; exit 2 ;;
  esac
fi
if [ -z "$name" ]; then
  name=$(echo "${base%%.*}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' '-' | cut -c1-64)
fi
auth=()
if [ "${DISTILL_AUTH:-jwt}" != off ]; then
  auth=(-H "Authorization: Bearer $("$here/token.sh" distill-submit)")
fi
safe=$(echo "$base" | tr -c 'A-Za-z0-9._\n-' '_')
teacher=${TEACHER_URL:-http://localhost:8081}
if [ "$(stat -c %s "$file")" -le $((64 << 20)) ]; then
  response=$(curl -sS -w '\n%{http_code}' "${auth[@]}" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$file" "$teacher/datasets/upload?name=$name&format=$format&file=$safe$query")
else
  : "${DISTILL_OBJECT_STORE_ENDPOINT:?a file over 64 MiB goes through the bucket: set DISTILL_OBJECT_STORE_ENDPOINT}"
  key="$name/$safe"
  # curl signs the payload's SHA-256 only when given it; without it S3 answers 400 (XAmzContentSHA256Mismatch).
  sha256=$(sha256sum "$file" | cut -d' ' -f1)
  curl -sSf --aws-sigv4 "aws:amz:${AWS_REGION:-us-east-1}:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: $sha256" -T "$file" \
    "$DISTILL_OBJECT_STORE_ENDPOINT/${DISTILL_OBJECT_STORE_BUCKET:-distill}/uploads/$key" >/dev/null
  label=$(echo "$query" | sed -n 's/.*labelColumn=\([^&]*\).*/\1/p')
  header=true
  case "$query" in *header=false*) header=false ;; esac
  body="{\"name\": \"$name\", \"format\": \"$format\", \"source\": {\"key\": \"$key\"}, \"header\": $header"
  [ -n "$label" ] && body+=", \"labelColumn\": \"$label\""
  scaling=$(echo "$query" | sed -n 's/.*scaling=\([^&]*\).*/\1/p')
  [ -n "$scaling" ] && body+=", \"scaling\": \"$scaling\""
  response=$(curl -sS -w '\n%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' -d "$body}" \
    "$teacher/datasets")
fi
code=${response##*$'\n'}
body=${response%$'\n'*}
if [ "$code" != 200 ] && [ "$code" != 201 ]; then
  say "teacher-service answered $code: $body"
  exit 1
fi
echo "$body" | sed -n 's/.*"datasetId" *: *"\([^"]*\)".*/\1/p'
