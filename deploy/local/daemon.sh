# What kafka.sh, postgres.sh and s3.sh share: one background server per work directory, tracked by
# a pid file. Sourced, not run. The caller sets pid_file, log_file and lib, and defines say().

# Copies the runtime jars of pom $2 (a server named $1) into $lib once, from Maven Central.
assemble_jars() {
  if [ -f "$lib/.complete" ]; then
    return
  fi
  say "assembling $1 from Maven Central into $lib"
  mkdir -p "$lib"
  mvn -B -q -f "$2" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime >/dev/null
  touch "$lib/.complete"
}

# The server's pid, if it runs.
running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Waits until command "$2..." succeeds for the server just started (named $1), at most 60 s; on
# failure shows the log's last lines or stops it, and exits.
await_start() {
  local name=$1 waited=0
  shift
  until "$@"; do
    if ! running_pid >/dev/null; then
      say "$name exited during start-up; last lines of $log_file:"
      tail -n 30 "$log_file" >&2
      rm -f "$pid_file"
      exit 1
    fi
    if [ "$waited" -ge 120 ]; then
      say "$name was not ready within 60 s; see $log_file"
      stop
      exit 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
}

# Stops the server with signal $1 (TERM by default), and kills it if it is still there after 30 s.
stop_server() {
  local pid
  if pid=$(running_pid); then
    # STOP_WAIT_SECONDS: how long the server may take to stop before it is killed (30 by default).
    local wait=${STOP_WAIT_SECONDS:-30}
    kill "-${1:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait * 2))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop within $wait s; killing it"
      kill -9 "$pid" 2>/dev/null || true
    fi
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$pid_file"
}

# Prints whether the server runs, at address $1; returns 3 when it does not.
server_status() {
  local pid
  if pid=$(running_pid); then
    echo "running (pid $pid) on $1"
  else
    echo "not running"
    return 3
  fi
}
