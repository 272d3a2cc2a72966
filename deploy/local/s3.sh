#!/usr/bin/env bash
# A local S3-compatible object store: S3Proxy on its filesystem backend, built from Maven Central
# jars, no Docker.
#
#   deploy/local/s3.sh start     start it and create the services' bucket; returns once it answers
#   deploy/local/s3.sh stop      stop it by PID and delete its data
#   deploy/local/s3.sh status    say whether it runs
#
# Environment: S3_PORT (9000), S3_WORK_DIR (run/s3 under the repository),
# S3_LIB_DIR (~/.cache/distill/s3proxy-<version>), S3_HEAP (512m), S3_KEEP_DATA=1 to keep the
# data on stop, DISTILL_OBJECT_STORE_BUCKET (distill), AWS_ACCESS_KEY_ID (distill) and
# AWS_SECRET_ACCESS_KEY (no default: start needs it; run.sh makes one per run). Clients sign with AWS Signature V2 or V4, in path style
# (http://127.0.0.1:9000/<bucket>/<key>), in any region.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=4.1.0
port=${S3_PORT:-9000}
work=${S3_WORK_DIR:-$repo/run/s3}
lib=${S3_LIB_DIR:-$HOME/.cache/distill/s3proxy-$version}
heap=${S3_HEAP:-512m}
bucket=${DISTILL_OBJECT_STORE_BUCKET:-distill}
access_key=${AWS_ACCESS_KEY_ID:-distill}
secret_key=${AWS_SECRET_ACCESS_KEY:-}
data=$work/data
pid_file=$work/server.pid
log_file=$work/server.log

say() { echo "s3.sh: $*" >&2; }
# shellcheck source=daemon.sh
. "$here/daemon.sh"

ensure_libs() {
  assemble_jars "S3Proxy $version" "$here/s3/pom.xml"
}

write_config() {
  mkdir -p "$data"
  # The file holds the secret: only its owner reads it.
  (umask 077 && cat >"$work/s3proxy.conf" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access_key
s3proxy.credential=$secret_key
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
PROPS
  )
}

start() {
  [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] || { say "AWS_SECRET_ACCESS_KEY is not set: run.sh makes one per run; alone, export one, such as AWS_SECRET_ACCESS_KEY=\$(head -c 18 /dev/urandom | base64)"; exit 2; }
  if pid=$(running_pid); then
    say "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    say "port $port is already taken by another process; set S3_PORT"
    exit 1
  fi
  if [[ ! $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]]; then
    say "DISTILL_OBJECT_STORE_BUCKET must be a valid S3 bucket name (3-63 of a-z, 0-9, '.', '-'), not $bucket"
    exit 2
  fi
  command -v java >/dev/null || { say "java is needed"; exit 1; }
  ensure_libs
  write_config
  # On the filesystem backend a bucket is a directory under the base directory.
  mkdir -p "$data/$bucket"
  # S3Proxy sends System.err to its logger when there is no console, so the logger writes to stdout.
  nohup java -Xms64m -Xmx"$heap" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.logFile=System.out \
    -cp "$lib/*" org.gaul.s3proxy.Main --properties "$work/s3proxy.conf" >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  await_start "S3Proxy" port_open "$port"
  say "started (pid $(cat "$pid_file")) on http://127.0.0.1:$port, bucket $bucket, data in $data"
}

stop() {
  stop_server
  rm -f "$work/s3proxy.conf"
  if [ "${S3_KEEP_DATA:-0}" != 1 ]; then
    rm -rf "$data"
  fi
}

status() {
  server_status "http://127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
