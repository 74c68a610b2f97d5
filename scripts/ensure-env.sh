#!/usr/bin/env bash
# Create (once) the virtualenv for one of the two environments and print its path.
# The venv lives in a cache folder keyed on the lock file's hash, so a clean clone on the
# same machine (CI) reuses it and a changed lock file builds a new one.
set -euo pipefail
name="$1"                                   # rasa | app
root="$(cd "$(dirname "$0")/.." && pwd)"
lock="$root/requirements/$name.lock"
cache="${HOTLINE_CACHE_DIR:-$HOME/.cache/hotline}"
python="${PYTHON:-python3.11}"
key="$(cat "$lock" "$root/scripts/ensure-env.sh" | sha256sum | cut -c1-16)"
venv="$cache/venv-$name-$key"
if [ ! -f "$venv/.complete" ]; then
  echo "[setup] creating the $name environment in $venv (first time only)" >&2
  started=$(date +%s)
  rm -rf "$venv"
  mkdir -p "$cache"
  "$python" -m venv "$venv"
  # This machine's pip config lists local package mirrors that lack some packages; pip warns once per package.
  quiet_pip() { "$venv/bin/pip" "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; } >&2; }
  quiet_pip install --quiet --upgrade "pip<25"
  case "$name" in
    # Rasa 3.6 declares Requires-Python <3.11; every pin in the lock has a cp311 wheel or is pure
    # Python, so the fully pinned set installs without the resolver (see docs/platform.md).
    rasa) quiet_pip install --quiet --no-deps --ignore-requires-python --prefer-binary -r "$lock" >&2 ;;
    app)  quiet_pip install --quiet --no-deps --prefer-binary -r "$lock" >&2 ;;
    *) echo "unknown environment: $name" >&2; exit 2 ;;
  esac
  touch "$venv/.complete"
  echo "[setup] $name environment ready in $(( $(date +%s) - started )) s" >&2
fi
ln -sfn "$venv" "$root/.venv-$name"
echo "$venv"
