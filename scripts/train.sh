#!/usr/bin/env bash
# Train the Rasa model only when its inputs changed. The model is cached outside the work tree under a
# fingerprint of everything training reads, so a fresh clone on the same machine (CI) reuses it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cache="${HOTLINE_CACHE_DIR:-$HOME/.cache/hotline}/models"
rasa_env="$(scripts/ensure-env.sh rasa)"
fingerprint="$(
  find config.yml domain dialogue nlu requirements/rasa.lock -type f \
    \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' -o -name '*.lock' -o -name '*.json' \) \
    -not -path '*/__pycache__/*' -not -path 'nlu/eval/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
)"
cached="$cache/model-$fingerprint.tar.gz"
mkdir -p models "$cache"
if [ -f "$cached" ]; then
  echo "[train] model is up to date ($fingerprint)" >&2
else
  echo "[train] training the model ($fingerprint); this takes a few minutes" >&2
  start=$(date +%s)
  PYTHONPATH="$root" "$rasa_env/bin/rasa" train --config config.yml --domain domain \
    --data nlu/data dialogue --out "$cache/tmp-$fingerprint" --fixed-model-name "model-$fingerprint" \
    --quiet >&2
  mv "$cache/tmp-$fingerprint/model-$fingerprint.tar.gz" "$cached"
  rm -rf "$cache/tmp-$fingerprint"
  echo "[train] done in $(( $(date +%s) - start )) s" >&2
fi
ln -sfn "$cached" models/current.tar.gz
echo "$cached"
