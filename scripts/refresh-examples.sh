#!/usr/bin/env bash
# Re-runs the shipped example notebooks in place (examples/*.xenlat), each in its own language, so
# the outputs they ship are what this code makes (test/unit/example-black*.test.ts check that).
# The probe cells measure a memcached started here on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
memcached -l 127.0.0.1 -p "$port" -U 0 -m 64 $( [ "$(id -u)" -eq 0 ] && echo "-u root" ) &
mc_pid=$!
trap 'kill $mc_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
export XENLAT_MEMCACHED="127.0.0.1:$port"
for nb in examples/*.xenlat; do
  lang=C.UTF-8
  case "$nb" in *.zh-cn.xenlat) lang=zh_CN.UTF-8 ;; esac
  echo "== $nb ($lang)"
  LANG="$lang" LC_ALL= LANGUAGE= node dist/cli.js run "$nb" --out "$nb"
done
