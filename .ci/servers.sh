# Sourced by .ci/run and bench/run: installs (if missing) and starts MariaDB + Redis on free loopback ports in a
# short temp dir and exports WECHATCARE_TEST_MYSQL / WECHATCARE_TEST_REDIS. `cleanup` stops only what it started.
# The caller sets `set -euo pipefail` and traps EXIT to call cleanup.
export PATH="$PATH:/usr/sbin:/sbin" DEBIAN_FRONTEND=noninteractive
since() { awk "BEGIN { printf \"%.1fs\", $EPOCHREALTIME - $1 }"; }   # seconds since $1

TMP=$(mktemp -d /tmp/wc.XXXX)                   # short: the socket path must stay < 108 chars
DB_PID='' REDIS_PID=''
cleanup() {
  for pid in $DB_PID $REDIS_PID; do { kill "$pid" && wait "$pid"; } 2>/dev/null || true; done
  DB_PID='' REDIS_PID=''
  rm -rf "$TMP"
}

wait_for() {  # wait_for NAME PID LOG CMD...: poll CMD for ~30 s while PID lives
  local name=$1 pid=$2 log=$3; shift 3
  for _ in $(seq 150); do
    "$@" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "$name did not start:" >&2; cat "$log" >&2; exit 1
}

start_servers() {
  # --- install the servers if missing ---
  local t=$EPOCHREALTIME missing=0 b
  for b in mariadbd mariadb-install-db mariadb redis-server redis-cli; do command -v "$b" >/dev/null || missing=1; done
  if [ "$missing" = 1 ]; then
    echo "== installing mariadb + redis"
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
        mariadb-server-core mariadb-client redis-server; } >"$TMP/apt.log" 2>&1 \
      || { cat "$TMP/apt.log"; echo "apt-get failed" >&2; exit 1; }
    echo "== installed in $(since "$t")"
  fi

  # --- start MariaDB and Redis on free ports ---
  t=$EPOCHREALTIME
  read -r DB_PORT REDIS_PORT < <(python3 -c '
import socket; s=[socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
  local sock=$TMP/db.sock
  mariadb-install-db --no-defaults --user=root --datadir="$TMP/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$TMP/install-db.log" 2>&1 \
    || { cat "$TMP/install-db.log" >&2; exit 1; }
  mariadbd --no-defaults --user=root --datadir="$TMP/data" --socket="$sock" \
    --bind-address=127.0.0.1 --port="$DB_PORT" --pid-file="$TMP/db.pid" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --max-connections=1000 >"$TMP/db.log" 2>&1 &
  DB_PID=$!
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$TMP" >"$TMP/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_for mariadb "$DB_PID" "$TMP/db.log" mariadb --no-defaults -uroot --socket="$sock" -e 'select 1'
  mariadb --no-defaults -uroot --socket="$sock" -e \
    "CREATE USER 'care'@'127.0.0.1' IDENTIFIED BY 'care'; GRANT ALL ON *.* TO 'care'@'127.0.0.1' WITH GRANT OPTION;"
  wait_for redis "$REDIS_PID" "$TMP/redis.log" sh -c "redis-cli -p $REDIS_PORT ping | grep -q PONG"
  echo "== mariadb on 127.0.0.1:$DB_PORT, redis on 127.0.0.1:$REDIS_PORT (up in $(since "$t"))"
  export WECHATCARE_TEST_MYSQL="Server=127.0.0.1;Port=$DB_PORT;User=care;Password=care;"
  export WECHATCARE_TEST_REDIS="127.0.0.1:$REDIS_PORT"
}
