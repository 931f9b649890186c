#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: system packages, npm ci, the main job from its own
# script (its set-up is part of what a new machine must manage), the cached editor (code-server, set up
# by the e2e runner), then type-check, build, unit tests, VSIX, end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh memcached tcpdump tshark sasl2-bin chromium libkrb5-dev libsecret-1-dev pkg-config
npm ci --no-audit --no-fund
bash scripts/main-job.sh
test -s report/black-0.1s.html
npm test
