# Shared by sandbox-engine.sh and engines.sh (sourced).

# pid_alive PIDFILE NAME: prints the pid when the file names a live process
# whose command is NAME (so a recycled pid is never signalled).
pid_alive() {
  local file=$1 name=$2 pid comm
  [[ -s "$file" ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [[ -n "$pid" ]] || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ "$comm" == "$name" ]] || return 1
  # a zombie (exited, not yet reaped) is not alive
  [[ "$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" != Z ]] || return 1
  echo "$pid"
}
