# The watcher of deploy/local/run.sh. Sourced by run.sh, which defines run, names, console and say.
# While the pipeline runs, a replica whose process has been gone for the grace, $1 seconds, is not
# coming back (--chaos restarts the ones it kills within a second), and its jobs would never end: the
# watcher names it and sends SIGUSR1 to run.sh, which stops the pipeline client, so that the run ends
# now, unfinished (--resume carries it on), rather than after PIPELINE_TIMEOUT_MINUTES.
watch_services() {
  local grace=$1 name now
  local -A gone=()
  while sleep 1; do
    now=$(date +%s)
    for name in "${names[@]}" ${console:+"$console"}; do
      if kill -0 "$(cat "$run/$name.pid" 2>/dev/null)" 2>/dev/null; then
        unset "gone[$name]"
        continue
      fi
      : "${gone[$name]:=$now}"
      if [ $((now - gone[$name])) -ge "$grace" ]; then
        say "$name exited and has not come back for $grace s (see $run/$name.log); stopping the pipeline"
        kill -USR1 $$
        return
      fi
    done
  done
}
