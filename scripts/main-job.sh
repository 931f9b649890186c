#!/usr/bin/env bash
# The main job: run the example investigation headless and write its report.
# Output: report/<name>.xenlat (the notebook with fresh outputs) and report/<name>.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh memcached
npm ci --no-audit --no-fund
npm run build
mkdir -p report
status=0
for nb in examples/*.xenlat; do
  name=$(basename "$nb" .xenlat)
  echo "== $nb"
  node dist/cli.js run "$nb" --out "report/$name.xenlat" || status=1
  node dist/cli.js export "report/$name.xenlat" --html "report/$name.html" || status=1
  echo "   report/$name.xenlat, report/$name.html"
done
exit $status
