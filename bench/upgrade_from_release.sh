#!/usr/bin/env bash
# Upgrade check (not a test, not in CI): install cross_dept_collab as it was at an earlier commit
# into a scratch database, then update it to the working tree, and print how it went.
#
#   bench/upgrade_from_release.sh <commit> <odoo.conf> [database]
#
# <commit>: a commit of this repository (git log --oneline -- cross_dept_collab/__manifest__.py lists
# the version bumps). <odoo.conf>: the connection and addons_path of a development configuration
# (the addons path entry holding this repository is replaced). The scratch database (default
# collab_upgrade_<commit>) is created here and dropped at the end unless KEEP=1.
set -euo pipefail
COMMIT=${1:?commit}
CONF=${2:?odoo.conf}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SHA=$(git -C "$HERE" rev-parse --short "$COMMIT")
DB=${3:-collab_upgrade_$SHA}
CACHE=${COLLAB_CACHE:-$HOME/.cache/cross_dept_collab}
ODOO=$CACHE/odoo
PY=$CACHE/venv/bin/python
OLD=$(mktemp -d)
LOG=$(mktemp)
cleanup() {
    rm -rf "$OLD" "$LOG"
    if [ "${KEEP:-0}" != 1 ]; then
        PYTHONPATH=$ODOO "$PY" "$ODOO/odoo-bin" db -c "$CONF" drop "$DB" >/dev/null 2>&1 && echo "== $DB dropped"
    fi
}
trap cleanup EXIT

# the configured addons path without this repository (Odoo's own and any other addons)
ADDONS=$(sed -n 's/^addons_path *= *//p' "$CONF" | tr ',' '\n' | grep -v -x -F "$HERE" | paste -sd, -)

git -C "$HERE" archive "$SHA" cross_dept_collab | tar -x -C "$OLD"
OLD_VERSION=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$OLD/cross_dept_collab/__manifest__.py")
NEW_VERSION=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$HERE/cross_dept_collab/__manifest__.py")
echo "== install $OLD_VERSION ($SHA) into $DB"
PYTHONPATH=$ODOO "$PY" "$ODOO/odoo-bin" -c "$CONF" --addons-path="$ADDONS,$OLD" -d "$DB" \
    -i cross_dept_collab --stop-after-init --log-level=warn >"$LOG" 2>&1 || {
    tail -40 "$LOG"
    exit 1
}

echo "== update to $NEW_VERSION (working tree)"
status=0
PYTHONPATH=$ODOO "$PY" "$ODOO/odoo-bin" -c "$CONF" --addons-path="$ADDONS,$HERE" -d "$DB" \
    -u cross_dept_collab --stop-after-init --log-level=info >"$LOG" 2>&1 || status=$?
grep -E "cross_dept_collab: |module cross_dept_collab: (Running|running) migration|ERROR|CRITICAL|Traceback" "$LOG" || true
if grep -qE " (ERROR|CRITICAL) " "$LOG"; then status=1; fi
echo "== installed version:"
PYTHONPATH=$ODOO "$PY" - "$CONF" "$DB" <<'PY' || status=1
import sys
import odoo
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
with odoo.sql_db.db_connect(sys.argv[2]).cursor() as cr:
    cr.execute("SELECT latest_version, state FROM ir_module_module WHERE name = 'cross_dept_collab'")
    print(*cr.fetchone())
PY

[ $status = 0 ] && echo "== upgrade from $OLD_VERSION OK" || echo "== upgrade from $OLD_VERSION FAILED (status $status)"
exit $status
