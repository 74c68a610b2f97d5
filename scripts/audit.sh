#!/usr/bin/env bash
# `make audit`: check both lock files against the PyPI/OSV vulnerability database with pip-audit.
# pip-audit lives in its own cached venv (requirements/audit.txt), so the app and Rasa environments and the
# offline `make test` never depend on it. Needs network access; exits non-zero when a pinned package is vulnerable.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${HOTLINE_CACHE_DIR:-$HOME/.cache/hotline}"
python="${PYTHON:-python3.11}"
key="$(cat "$root/requirements/audit.txt" "$0" | sha256sum | cut -c1-16)"
venv="$cache/venv-audit-$key"
if [ ! -f "$venv/.complete" ]; then
  echo "[audit] installing pip-audit into $venv (first time only)" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet -r "$root/requirements/audit.txt" 2>&1 \
    | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2
  touch "$venv/.complete"
fi
status=0
for lock in app rasa; do
  echo "[audit] requirements/$lock.lock" >&2
  # --no-deps --disable-pip: the locks are complete pin sets; check exactly those versions, install nothing.
  # --strict: a package the vulnerability service cannot look up fails the audit instead of passing unchecked.
  "$venv/bin/pip-audit" --progress-spinner off --strict --no-deps --disable-pip -r "$root/requirements/$lock.lock" \
    || status=1
done
exit $status
