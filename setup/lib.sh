# Shared set-up steps for setup/run and setup/test. Source it; do not run it.
# Every step prints one line; every failure stops with a message saying what
# to set.

set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON_NAME="realestate_customer_file"
# Odoo is installed once per user, outside the checkout, so that every clone of
# the project (a CI clone included) finds and reuses the same installation.
RCF_HOME="${RCF_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/realestate_customer_file}"
VENV_DIR="${RCF_VENV:-$RCF_HOME/odoo-18.0-venv}"
PGDATA_DIR="${RCF_PGDATA:-$PROJECT_DIR/.pgdata}"
ODOO_BRANCH="18.0"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
ODOO_NIGHTLY_URL="${ODOO_NIGHTLY_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"

step() { printf '==> %s\n' "$*"; }
die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# --- Odoo -----------------------------------------------------------------

odoo_python_ok() {
    [ -n "$1" ] || return 1
    command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || return 1
    "$1" - <<'PY' >/dev/null 2>&1
import sys
import odoo.release as release
sys.exit(0 if tuple(release.version_info[:2]) == (18, 0) else 1)
PY
}

odoo_source_dir() {
    # Turn ODOO_SRC (a source tree or an archive) into a source tree, or
    # fetch the official 18.0 source. Prints the tree's path.
    local src="${ODOO_SRC:-}" dest="$RCF_HOME/odoo-18.0-src"
    if [ -n "$src" ] && [ -d "$src" ]; then
        [ -f "$src/odoo/release.py" ] || die "ODOO_SRC=$src is not an Odoo source tree (no odoo/release.py)"
        printf '%s\n' "$(cd "$src" && pwd)"
        return
    fi
    if [ -f "$dest/odoo/release.py" ]; then
        printf '%s\n' "$dest"
        return
    fi
    mkdir -p "$RCF_HOME"
    rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
    if [ -n "$src" ]; then
        [ -f "$src" ] || die "ODOO_SRC=$src is neither a directory nor an archive"
        step "unpacking Odoo source archive $src" >&2
        case "$src" in
        *.zip) (cd "$dest.tmp" && unzip -q "$src") ;;
        *) tar -xf "$src" -C "$dest.tmp" ;;
        esac
    else
        step "fetching the official Odoo $ODOO_BRANCH source" >&2
        if ! git clone -q --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT_URL" "$dest.tmp/odoo" 2>/dev/null; then
            rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
            if ! curl -fsSL "$ODOO_NIGHTLY_URL" 2>/dev/null | tar -xz -C "$dest.tmp" 2>/dev/null; then
                rm -rf "$dest.tmp"
                die "no Odoo $ODOO_BRANCH found and its official source could not be downloaded.
Set one of:
  ODOO_PYTHON=/path/to/python   a Python that already imports Odoo 18.0
  ODOO_SRC=/path/to/odoo        an Odoo 18.0 source tree or archive (.tar.gz, .zip)"
            fi
        fi
    fi
    local release
    release="$(find "$dest.tmp" -maxdepth 3 -path '*/odoo/release.py' | head -n 1)"
    [ -n "$release" ] || die "the Odoo source in ${ODOO_SRC:-the download} has no odoo/release.py"
    rm -rf "$dest"
    mv "$(dirname "$(dirname "$release")")" "$dest"
    rm -rf "$dest.tmp"
    printf '%s\n' "$dest"
}

install_odoo_into_venv() {
    local src base_python
    src="$(odoo_source_dir)"
    base_python="${PYTHON:-python3.11}"
    command -v "$base_python" >/dev/null 2>&1 || base_python=python3
    step "creating $VENV_DIR with $("$base_python" --version 2>&1)"
    mkdir -p "$(dirname "$VENV_DIR")"
    "$base_python" -m venv "$VENV_DIR"
    "$VENV_DIR/bin/python" -m pip install -q --upgrade pip
    local constraints="$VENV_DIR/build-constraints.txt" reqs="$VENV_DIR/odoo-requirements.txt"
    # Some of Odoo's pinned sdists (cbor2 5.4.2) only build with an older
    # setuptools; python-ldap needs LDAP headers and only serves auth_ldap.
    printf 'setuptools<70\n' >"$constraints"
    grep -v '^python-ldap' "$src/requirements.txt" >"$reqs"
    step "installing Odoo's Python requirements (a few minutes the first time)"
    "$VENV_DIR/bin/python" -m pip install -q --build-constraint "$constraints" -r "$reqs"
    step "installing Odoo from $src"
    # A plain (not editable) install: the source tree may go away afterwards.
    "$VENV_DIR/bin/python" -m pip install -q --no-deps "$src"
}

find_odoo_python() {
    # Sets ODOO_PY to a Python that imports Odoo 18.0, installing one if needed.
    if [ -n "${ODOO_PYTHON:-}" ]; then
        odoo_python_ok "$ODOO_PYTHON" || die "ODOO_PYTHON=$ODOO_PYTHON does not import Odoo 18.0"
        ODOO_PY="$ODOO_PYTHON"
    elif [ -z "${RCF_VENV:-}" ] && odoo_python_ok "$PROJECT_DIR/.venv/bin/python"; then
        ODOO_PY="$PROJECT_DIR/.venv/bin/python"
    elif odoo_python_ok "$VENV_DIR/bin/python"; then
        ODOO_PY="$VENV_DIR/bin/python"
    elif odoo_python_ok python3; then
        ODOO_PY="$(command -v python3)"
    else
        install_odoo_into_venv
        odoo_python_ok "$VENV_DIR/bin/python" || die "Odoo was installed in $VENV_DIR but does not import; see the pip output above"
        ODOO_PY="$VENV_DIR/bin/python"
    fi
    ODOO_ADDONS_PATH="$("$ODOO_PY" - <<'PY'
import os
import odoo
import odoo.addons
paths = [os.path.realpath(p) for p in odoo.addons.__path__]
root = os.path.dirname(os.path.dirname(os.path.realpath(odoo.__file__)))
extra = os.path.join(root, "addons")
if os.path.isdir(extra) and extra not in paths:
    paths.append(extra)
print(",".join(p for p in paths if os.path.isdir(os.path.join(p, "web")) or os.path.isdir(os.path.join(p, "base"))))
PY
)"
    ODOO_ADDONS_PATH="$PROJECT_DIR,$ODOO_ADDONS_PATH"
    step "Odoo 18.0 found: $ODOO_PY"
}

install_python_requirements() {
    # $1: requirements file of the project (runtime or test)
    if ! "$ODOO_PY" -m pip install -q --disable-pip-version-check -r "$1" 2>"$PROJECT_DIR/.pip.log"; then
        cat "$PROJECT_DIR/.pip.log" >&2
        die "could not install $1 into $ODOO_PY"
    fi
    step "Python packages from $(basename "$1") present"
}

# --- PostgreSQL ------------------------------------------------------------

pg_bin_dir() {
    local d
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$d" ] || die "no PostgreSQL server binaries found (initdb, pg_ctl).
Install PostgreSQL 15 or set PGHOST/PGPORT/PGUSER/PGPASSWORD to a running server."
    printf '%s\n' "$d"
}

start_embedded_postgres() {
    local bin owner socket_dir="$PGDATA_DIR/socket"
    bin="$(pg_bin_dir)"
    owner="$(id -un)"
    if [ "$(id -u)" = 0 ]; then
        owner="${RCF_PG_OS_USER:-postgres}"
        id "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
    fi
    as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi; }
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown "$owner" "$PGDATA_DIR"
    if [ ! -f "$PGDATA_DIR/data/PG_VERSION" ]; then
        step "creating an embedded PostgreSQL cluster in $PGDATA_DIR"
        as_owner "$bin/initdb" -D "$PGDATA_DIR/data" -U "$(id -un)" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner mkdir -p "$socket_dir"
    if ! as_owner "$bin/pg_ctl" -D "$PGDATA_DIR/data" status >/dev/null 2>&1; then
        step "starting the embedded PostgreSQL (socket in $socket_dir)"
        as_owner "$bin/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
            -o "-k $socket_dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || die "the embedded PostgreSQL did not start; see $PGDATA_DIR/server.log"
    fi
    export PGHOST="$socket_dir" PGPORT=5432 PGUSER="$(id -un)"
    EMBEDDED_PG_STOP="runuser -u $owner -- $bin/pg_ctl -D $PGDATA_DIR/data stop"
    [ "$(id -u)" = 0 ] || EMBEDDED_PG_STOP="$bin/pg_ctl -D $PGDATA_DIR/data stop"
}

ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}" ]; then
        PG_SOURCE="PG* variables (host ${PGHOST:-default socket}, port ${PGPORT:-5432}, user ${PGUSER:-$(id -un)})"
    else
        start_embedded_postgres
        PG_SOURCE="embedded cluster in $PGDATA_DIR"
    fi
    export PGUSER="${PGUSER:-$(id -un)}"
    if ! pg_psql postgres -c 'select 1' >/dev/null 2>&1; then
        die "cannot reach PostgreSQL through the $PG_SOURCE. Check PGHOST, PGPORT, PGUSER, PGPASSWORD."
    fi
    step "PostgreSQL reachable: $PG_SOURCE"
}

pg_psql() {
    # psql may be missing on a machine with only the server binaries.
    local db="$1"
    shift
    "$ODOO_PY" - "$db" "$@" <<'PY'
import os
import sys

import psycopg2

db, args = sys.argv[1], sys.argv[2:]
sql = args[args.index("-c") + 1] if "-c" in args else sys.stdin.read()
conn = psycopg2.connect(dbname=db)
conn.autocommit = True
with conn.cursor() as cr:
    cr.execute(sql)
    if cr.description:
        for row in cr.fetchall():
            print("|".join("" if v is None else str(v) for v in row))
PY
}

odoo_db_args() {
    local args=(--db_host "${PGHOST:-}" --db_port "${PGPORT:-5432}" --db_user "$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && args+=(--db_password "$PGPASSWORD")
    printf '%s\n' "${args[@]}"
}

write_odoo_config() {
    # $1: path of the config file to write
    local conf="$1"
    {
        printf '[options]\n'
        printf 'addons_path = %s\n' "$ODOO_ADDONS_PATH"
        printf 'db_host = %s\n' "${PGHOST:-False}"
        printf 'db_port = %s\n' "${PGPORT:-5432}"
        printf 'db_user = %s\n' "$PGUSER"
        printf 'db_password = %s\n' "${PGPASSWORD:-False}"
        printf 'data_dir = %s\n' "$PROJECT_DIR/.odoo-data"
        printf 'http_interface = %s\n' "${RCF_HTTP_INTERFACE:-127.0.0.1}"
        printf 'http_port = %s\n' "${RCF_HTTP_PORT:-8069}"
        printf 'list_db = False\n'
        printf 'without_demo = %s\n' "${RCF_WITHOUT_DEMO:-False}"
    } >"$conf"
}

db_exists() {
    [ "$(pg_psql postgres -c "select count(*) from pg_database where datname = '$1'")" = 1 ]
}

db_has_addon() {
    [ "$(pg_psql "$1" -c "select count(*) from ir_module_module where name = '$ADDON_NAME' and state = 'installed'" 2>/dev/null)" = 1 ]
}
