#!/usr/bin/env bash
# The main job: run the example investigation headless and write its report.
# Output: report/<name>.xenlat (the notebook with fresh outputs) and report/<name>.html.
# When memcached is installed, one is started on a free loopback port for the probe cells
# (they read it from XENLAT_MEMCACHED); without it, those cells say that no server answered.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-apt.sh memcached tcpdump tshark || echo "xenlat: could not install memcached; probe cells will find no server"
npm ci --no-audit --no-fund
npm run build
mkdir -p report

mc_pid=""
cleanup() { [ -n "$mc_pid" ] && kill "$mc_pid" 2>/dev/null || true; }
trap cleanup EXIT
if command -v memcached >/dev/null 2>&1; then
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  memcached -l 127.0.0.1 -p "$port" -U 0 -m 64 $( [ "$(id -u)" -eq 0 ] && echo "-u root" ) &
  mc_pid=$!
  export XENLAT_MEMCACHED="127.0.0.1:$port"
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  echo "memcached on $XENLAT_MEMCACHED (pid $mc_pid)"
fi

status=0
for nb in examples/*.xenlat; do
  name=$(basename "$nb" .xenlat)
  echo "== $nb"
  # A notebook told in another language (name.<locale>.xenlat) is run and reported in it.
  lang="${LANG:-C.UTF-8}"
  case "$name" in *.zh-cn) lang=zh_CN.UTF-8 ;; esac
  LANG="$lang" LC_ALL= LANGUAGE= node dist/cli.js run "$nb" --out "report/$name.xenlat" || status=1
  LANG="$lang" LC_ALL= LANGUAGE= node dist/cli.js export "report/$name.xenlat" --html "report/$name.html" || status=1
  echo "   report/$name.xenlat, report/$name.html"
done
exit $status
