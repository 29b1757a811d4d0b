# shellcheck shell=bash
# Sourced by scripts/test.sh: system packages and servers the tests need.
# Debian/Ubuntu get them from apt; elsewhere, point the tests at your own
# (TFPILOT_TEST_POSTGRES_URL, TFPILOT_CHROMIUM).

tfpilot_as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    tfpilot_die "need root to run: $* (or set TFPILOT_TEST_POSTGRES_URL / TFPILOT_CHROMIUM)"
  fi
}

tfpilot_apt_updated=""
tfpilot_apt_install() {
  command -v apt-get >/dev/null 2>&1 ||
    tfpilot_die "no apt-get here: install $* yourself (see README, Configuration)"
  if [ -z "$tfpilot_apt_updated" ]; then
    tfpilot_as_root apt-get update -qq >/dev/null
    tfpilot_apt_updated=1
  fi
  tfpilot_log "installing $* from apt"
  DEBIAN_FRONTEND=noninteractive tfpilot_as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Command-line tools the workflow step scripts use (their tests run them).
tfpilot_ensure_workflow_tools() {
  local missing=()
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v git >/dev/null 2>&1 || missing+=(git)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ "${#missing[@]}" -eq 0 ] || tfpilot_apt_install "${missing[@]}"
}

# Chromium for Playwright: Debian's build, since browser downloads are not possible.
tfpilot_ensure_chromium() {
  if [ -n "${TFPILOT_CHROMIUM:-}" ]; then
    export TFPILOT_CHROMIUM
    return
  fi
  local candidate
  for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
      TFPILOT_CHROMIUM="$(command -v "$candidate")"
      export TFPILOT_CHROMIUM
      return
    fi
  done
  tfpilot_apt_install chromium
  TFPILOT_CHROMIUM="$(command -v chromium)"
  export TFPILOT_CHROMIUM
}

# PostgreSQL for the integration tests: the Debian cluster, started when down.
# Exports the connection string Backstage's TestDatabases reads for that version.
tfpilot_ensure_postgres() {
  local url="${TFPILOT_TEST_POSTGRES_URL:-}"
  if [ -z "$url" ]; then
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
      tfpilot_apt_install postgresql
    fi
    local cluster version name port status
    cluster="$(pg_lsclusters --no-header 2>/dev/null | head -n1)"
    if [ -z "$cluster" ]; then
      version="$(ls /usr/lib/postgresql | sort -n | tail -n1)"
      tfpilot_log "creating PostgreSQL $version cluster"
      tfpilot_as_root pg_createcluster "$version" main >/dev/null
      cluster="$(pg_lsclusters --no-header | head -n1)"
    fi
    read -r version name port status _ <<<"$cluster"
    if [ "$status" != online ]; then
      tfpilot_log "starting PostgreSQL $version/$name on port $port"
      tfpilot_as_root pg_ctlcluster "$version" "$name" start
    fi
    # Password login on loopback for the test user (idempotent).
    tfpilot_as_root runuser -u postgres -- psql -p "$port" -qtAc \
      "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tfpilot_test') THEN CREATE ROLE tfpilot_test LOGIN SUPERUSER PASSWORD 'tfpilot_test'; END IF; END\$\$;" >/dev/null
    url="postgresql://tfpilot_test:tfpilot_test@127.0.0.1:$port"
  fi
  local major
  major="$(node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1] + "/postgres" });
    c.connect().then(() => c.query("show server_version_num"))
      .then(r => { console.log(Math.floor(Number(r.rows[0].server_version_num) / 10000)); return c.end(); })
      .catch(e => { console.error(e.message); process.exit(1); });
  ' "$url")" || tfpilot_die "PostgreSQL at $url does not answer"
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=$url"
  export TFPILOT_TEST_POSTGRES_URL="$url"
  # Never let TestDatabases reach for Docker, and fail rather than skip Postgres.
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  export TFPILOT_REQUIRE_POSTGRES=1
  tfpilot_log "PostgreSQL $major ready"
}
