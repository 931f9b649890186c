#!/usr/bin/env bash
# Installs the given Debian packages when they are missing (runs apt-get update once, only if needed).
#
# XENLAT_FRESH=1 (CI sets it): also prove that packages already installed here would install on a new
# machine, by downloading them afresh into an empty folder (apt-get --download-only, nothing changes on
# this machine). A CI machine keeps what earlier sessions installed by hand; this is what shows a
# package name that no longer resolves, instead of a green run that a fresh machine would not repeat.
set -euo pipefail
missing=()
present=()
for pkg in "$@"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    present+=("$pkg")
  else
    missing+=("$pkg")
  fi
done
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
updated=""
update() { [ -n "$updated" ] || $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq; updated=1; }

if [ "${XENLAT_FRESH:-}" = "1" ] && [ ${#present[@]} -gt 0 ]; then
  archives=$(mktemp -d)
  trap 'rm -rf "$archives"' EXIT
  mkdir -p "$archives/partial"
  chmod -R 755 "$archives"  # apt downloads as the _apt user
  update
  start=$(date +%s)
  echo "xenlat: checking that ${present[*]} install from Debian's archive (download only)"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --reinstall --download-only -o Dir::Cache::archives="$archives" "${present[@]}" >/dev/null
  echo "xenlat: downloaded $(du -sh "$archives" | cut -f1) in $(( $(date +%s) - start )) s"
fi

[ ${#missing[@]} -eq 0 ] && exit 0
echo "xenlat: installing Debian packages: ${missing[*]}"
update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
