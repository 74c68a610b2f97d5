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
    \( -name '*.yml' -o -name '*.yaml' -o -name '*.py' -o -name '*.txt' -o -name '*.lock' -o -name '*.json' -o -name '*.tsv' \) \
    -not -path '*/__pycache__/*' -not -path 'nlu/eval/*' -not -path 'nlu/risk/*' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
)"
cached="$cache/model-$fingerprint.tar.gz"
mkdir -p models "$cache"
if [ -f "$cached" ]; then
  echo "[train] model is up to date ($fingerprint)" >&2
else
  echo "[train] training the model ($fingerprint); this takes a few minutes" >&2
  start=$(date +%s)
  PYTHONPATH="$root" "$rasa_env/bin/rasa" train --config config.yml --domain domain \
    --data nlu/data dialogue --out "$cache/tmp-$fingerprint-$$" --fixed-model-name "model-$fingerprint" \
    --quiet >&2
  mv "$cache/tmp-$fingerprint-$$/model-$fingerprint.tar.gz" "$cached"
  rm -rf "$cache/tmp-$fingerprint-$$"
  echo "[train] done in $(( $(date +%s) - start )) s" >&2
fi
ln -sfn "$cached" models/current.tar.gz

# Temporary outputs carry the process id: two checkouts training the same fingerprint at once must not collide.
# The risk classifier (nlu/risk_model.py) that the Rasa server and the app both load, cached the same way.
risk_fingerprint="$(
  find nlu/risk nlu/data nlu/lexicon nlu/risk.py nlu/safety.py nlu/script.py nlu/risk_model.py nlu/risk_train.py nlu/multilingual_encoder.py \
    requirements/rasa.lock \
    -type f \( -name '*.yml' -o -name '*.py' -o -name '*.lock' -o -name '*.tsv' \) -not -path '*/__pycache__/*' \
    | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16
)"
risk_cached="$cache/risk-$risk_fingerprint.npz"
if [ ! -f "$risk_cached" ]; then
  echo "[train] training the risk classifier ($risk_fingerprint)" >&2
  PYTHONPATH="$root" "$rasa_env/bin/python" -m nlu.risk_train --out "$cache/tmp-risk-$risk_fingerprint-$$.npz" >&2
  mv "$cache/tmp-risk-$risk_fingerprint-$$.npz" "$risk_cached"
fi
ln -sfn "$risk_cached" models/risk.npz
echo "$cached"
