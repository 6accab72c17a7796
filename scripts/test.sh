#!/usr/bin/env bash
# Runs every Stocktrail test. On a fresh machine it first brings what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

setup_log=/tmp/stocktrail-test-setup.log
: >"$setup_log"

# The tests in tests/Stocktrail.Tests/Postgres need a PostgreSQL server and a role that may create databases: each
# test class makes a database of its own and drops it at the end. A caller that sets STOCKTRAIL_TEST_POSTGRES brings
# its own server; otherwise the local one is installed from Debian's packages if missing, started, and given the
# role stocktrail (password stocktrail), reached over TCP on 127.0.0.1 as Debian's default pg_hba.conf allows.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    elif [ "$(id -un)" = postgres ]; then "$@"
    else sudo -n -u postgres -- "$@"
    fi
}

# Called in a condition, where set -e does not hold, so each step that matters returns on failure.
prepare_postgres() {
    if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "PostgreSQL is not installed and this user cannot install it: the PostgreSQL tests will need STOCKTRAIL_TEST_POSTGRES." >&2
            return 1
        fi
        echo "Installing PostgreSQL from Debian's packages (log: $setup_log)…"
        # Waits for the package lock rather than failing when another install is running.
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 update -q </dev/null >>"$setup_log" 2>&1 || return 1
        apt-get -o DPkg::Lock::Timeout=600 install -y -q postgresql </dev/null >>"$setup_log" 2>&1 || return 1
    fi

    # The newest installed version's first cluster; a package install normally makes "main", but make it if not.
    local version cluster port status
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    read -r cluster port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2, $3, $4; exit }') || true
    if [ -z "${cluster:-}" ]; then
        cluster=main
        pg_createcluster "$version" "$cluster" </dev/null >>"$setup_log" 2>&1 || return 1
        read -r port status < <(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3, $4; exit }')
    fi
    case "$status" in
        online*) ;;
        *) pg_ctlcluster "$version" "$cluster" start </dev/null >>"$setup_log" 2>&1 || return 1 ;;
    esac
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 1
    done

    as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres >>"$setup_log" 2>&1 <<'SQL' || return 1
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stocktrail') THEN
        CREATE ROLE stocktrail LOGIN CREATEDB PASSWORD 'stocktrail';
    ELSE
        ALTER ROLE stocktrail LOGIN CREATEDB PASSWORD 'stocktrail';
    END IF;
END $$;
-- So that dropping a test database may end an autovacuum worker still on it (PostgreSQL 15 counts it as another role's).
GRANT pg_signal_backend TO stocktrail;
SQL
    export STOCKTRAIL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=stocktrail;Password=stocktrail;Database=postgres"
}

if [ -z "${STOCKTRAIL_TEST_POSTGRES:-}" ]; then
    prepare_postgres || echo "PostgreSQL could not be prepared (see $setup_log); its tests will say why." >&2
fi

# The browser tests drive Debian's Chromium; it is installed from Debian's packages when missing.
bash scripts/ensure-chromium.sh || echo "Chromium could not be installed; the browser tests will say why." >&2

# The OpenAPI client check (tests/Stocktrail.Tests/Contract/OpenApiClientTests.cs) generates a TypeScript client with
# openapi-typescript and compiles it with tsc, both pinned in tests/openapi-client's lock file.
if command -v npm >/dev/null 2>&1; then
    (cd tests/openapi-client && npm ci --no-audit --no-fund >>"$setup_log" 2>&1) || echo "npm ci in tests/openapi-client failed (see $setup_log); the client test will say why." >&2
    # The browser tests' accessibility check runs axe-core, pinned in tests/axe's lock file.
    (cd tests/axe && npm ci --no-audit --no-fund >>"$setup_log" 2>&1) || echo "npm ci in tests/axe failed (see $setup_log); the accessibility test will say why." >&2
fi

# A failing run must still reach the closing line, so errexit is off while the tests run.
set +e
dotnet test Stocktrail.slnx --logger "console;verbosity=normal" 2>&1 | tee /tmp/stocktrail-test.log
status=${PIPESTATUS[0]}
set -e

# One plain closing line that any reader of the log understands.
count() { { grep -oE "$1: +[0-9]+" /tmp/stocktrail-test.log || true; } | awk '{ n += $NF } END { print n + 0 }'; }
skipped=$(count Skipped)
if [ "$skipped" -gt 0 ]; then echo "$skipped skipped (see the reasons above)"; fi
echo "$(count Passed) passed, $(count Failed) failed"
exit "$status"
