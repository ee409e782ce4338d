#!/usr/bin/env bash
# Installs the Debian packages Strato needs on this machine (idempotent; quick when all are present).
# Build tools are needed by the native `zookeeper` addon that `npm ci` compiles; haproxy by the lb service and its tests;
# zookeeper (the server, with a headless JRE) by the HA tests and `npm run cluster:ha`; chromium by the web UI tests
# (playwright-core drives it).
set -euo pipefail
packages=(python3 make g++ haproxy zookeeper chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: all present (${packages[*]})"
  exit 0
fi
echo "system-deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
