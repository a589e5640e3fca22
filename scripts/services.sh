#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 for the test suite: start them if they are
# installed but down, install them (Debian packages) if missing, and fail loudly otherwise.
set -euo pipefail
PGHOST=127.0.0.1 PGPORT=5432 REDIS_PORT=6379

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
apt_install() {
  as_root apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "==> installing PostgreSQL"
    apt_install postgresql
    version=$(ls /etc/postgresql | sort -V | tail -n1)
    # Trust local TCP connections of this throw-away test cluster, as on the dev machines.
    echo "host all all 127.0.0.1/32 trust" | as_root tee -a "/etc/postgresql/$version/main/pg_hba.conf" >/dev/null
  fi
  echo "==> starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
if ! redis_up; then
  if ! command -v redis-server >/dev/null; then
    echo "==> installing Redis"
    apt_install redis-server
  fi
  echo "==> starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
fi

pg_up || { echo "FATAL: PostgreSQL is not reachable on $PGHOST:$PGPORT" >&2; exit 1; }
redis_up || { echo "FATAL: Redis is not reachable on 127.0.0.1:$REDIS_PORT" >&2; exit 1; }
echo "==> PostgreSQL and Redis are up"
