#!/usr/bin/env bash
# Gets a machine ready to run or test casemgmt; scripts/run and scripts/test call it first.
#
#   Python >= 3.12 → .venv → uv 0.13.8 → requirements-dev.txt (only when the requirements changed)
#   DATABASE_URL unset: the local PostgreSQL (installed from Debian if absent, started if stopped,
#                       postgres/postgres over TCP, database "casemgmt")
#   REDIS_URL unset:    the local Redis (installed from Debian if absent, started if stopped)
#   no .env and no SECRET_KEY: writes a .env with DEBUG=true (local development)
#   then migrate.      With DATABASE_URL / REDIS_URL set it touches no local service.
#
#   --with-chromium    also install Debian's chromium for the browser tests (scripts/test)
#
# Safe to re-run: each step checks first, so a warm run takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_PORT=6379
started=$SECONDS
apt_updated=""

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'setup: %s\n' "$*" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "this step needs root: $*"
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "$* missing and no apt-get here: install it yourself"
  if [ -z "$apt_updated" ]; then
    say "apt-get update"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
    apt_updated=1
  fi
  say "Installing $* (Debian packages)"
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" </dev/null
}

# wait_until SECONDS COMMAND...: polls COMMAND every half second; false if it never succeeds.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

is_py312() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }

find_python() {
  local candidate prefix
  if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix 3.12 2>/dev/null); then
    candidate="$prefix/bin/python3.12"
    is_py312 "$candidate" && echo "$candidate" && return
  fi
  for candidate in python3.12 python3.13 python3; do
    command -v "$candidate" >/dev/null 2>&1 && is_py312 "$candidate" && command -v "$candidate" &&
      return
  done
  die "no Python >= 3.12 found (tried pyenv 3.12, python3.12, python3.13, python3). Install one, e.g. 'pyenv install 3.12'."
}

ensure_venv() {
  if ! is_py312 .venv/bin/python; then
    local python
    python=$(find_python)
    [ -e .venv ] && say "Recreating .venv (its Python is missing or older than 3.12)" && rm -rf .venv
    say "Creating .venv with $("$python" --version)"
    "$python" -m venv .venv
  fi
  if [ "$(.venv/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    say "Installing uv $UV_VERSION into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  fi
  local stamp=.venv/.requirements.sha256 wanted
  wanted=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "Installing Python packages (requirements changed)"
    .venv/bin/uv pip install --quiet --python .venv/bin/python -r requirements-dev.txt
    echo "$wanted" >"$stamp"
  fi
}

pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
pg_tcp() {
  PGPASSWORD=postgres psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -XtAq \
    -v ON_ERROR_STOP=1 "$@"
}

ensure_postgres() {
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  if ! pg_ready; then
    local version
    version=$(find /etc/postgresql -mindepth 2 -maxdepth 2 -name main 2>/dev/null | sort -V |
      tail -n 1 | cut -d/ -f4)
    if [ -z "$version" ]; then
      version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
      say "Creating PostgreSQL $version cluster 'main'"
      as_root pg_createcluster "$version" main 9>&-
    fi
    say "Starting PostgreSQL $version (cluster main)"
    # fd 9 is the setup lock: the server must not inherit it.
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start </dev/null 9>&- ||
      say "pg_ctlcluster returned an error; waiting to see whether the server comes up anyway"
    wait_until 60 pg_ready ||
      die "PostgreSQL is not accepting connections on $PG_HOST:$PG_PORT; see /var/log/postgresql/postgresql-$version-main.log"
  fi
  if ! pg_tcp -c 'SELECT 1' >/dev/null 2>&1; then
    say "Setting the postgres role's password to 'postgres' for TCP logins"
    (cd / && as_root runuser -u postgres -- psql -XtAq -p "$PG_PORT" \
      -c "ALTER USER postgres PASSWORD 'postgres'")
    pg_tcp -c 'SELECT 1' >/dev/null ||
      die "cannot log in to PostgreSQL on $PG_HOST:$PG_PORT as postgres/postgres"
  fi
  if [ "$(pg_tcp -c "SELECT 1 FROM pg_database WHERE datname = 'casemgmt'")" != 1 ]; then
    say "Creating database casemgmt"
    pg_tcp -c 'CREATE DATABASE casemgmt'
  fi
  say "PostgreSQL ready on $PG_HOST:$PG_PORT (database casemgmt)"
}

redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 ||
    apt_install redis-server
  if ! redis_ready; then
    say "Starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" \
      --appendonly no </dev/null 9>&-
    wait_until 15 redis_ready || die "Redis did not answer PING on 127.0.0.1:$REDIS_PORT"
  fi
  say "Redis ready on 127.0.0.1:$REDIS_PORT"
}

with_chromium=""
for arg in "$@"; do
  case $arg in
    --with-chromium) with_chromium=1 ;;
    *) die "unknown option: $arg" ;;
  esac
done

# One setup at a time (scripts/run and scripts/test may start together).
mkdir -p var
exec 9>var/setup.lock
flock -n 9 || {
  say "Waiting for another setup to finish"
  flock 9
}

ensure_venv
if [ -z "${DATABASE_URL:-}" ]; then
  ensure_postgres
else
  say "DATABASE_URL is set: using that database, leaving local PostgreSQL alone"
fi
if [ -z "${REDIS_URL:-}" ]; then
  ensure_redis
else
  say "REDIS_URL is set: using that Redis, leaving local Redis alone"
fi
if [ -n "$with_chromium" ] && [ ! -x /usr/bin/chromium ]; then
  apt_install chromium chromium-driver
fi
if [ ! -e .env ] && [ -z "${SECRET_KEY:-}" ]; then
  # So that this checkout's own manage.py commands run in development mode, without a SECRET_KEY.
  say "Writing .env for local development (DEBUG=true); .env.example lists every setting"
  printf '# Written by scripts/setup.sh for local development. See .env.example.\nDEBUG=true\n' >.env
fi
say "Applying migrations"
# Migrating needs settings to load; DEBUG only spares a SECRET_KEY here.
DEBUG="${DEBUG:-true}" .venv/bin/python manage.py migrate --noinput
say "Setup done in $((SECONDS - started)) s"
