#!/usr/bin/env bash
# Install the system packages a preuve build needs (`preuve doctor --packages`), and any EXTRA
# package named, when missing: on Debian and Ubuntu with apt-get (as root, or with sudo), keeping
# the downloaded .deb files in DIR when --cache DIR is given (the workflow caches that folder).
# Elsewhere, say what to install; `preuve doctor` gives the commands.
# Usage: preuve ci system-packages [--cache DIR] [EXTRA-PACKAGE...]
set -euo pipefail

cache=""
if [ "${1:-}" = "--cache" ]; then
  [ "$#" -ge 2 ] || { echo "usage: preuve ci system-packages [--cache DIR] [EXTRA-PACKAGE...]" >&2; exit 2; }
  cache="$2"
  shift 2
fi
read -r -a packages <<< "$("$PREUVE_PYTHON" -m preuve doctor --packages) $*"

if ! command -v dpkg-query > /dev/null; then
  echo "not a Debian or Ubuntu system: install the equivalents of ${packages[*]} (run \`preuve doctor\`)"
  exit 0
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q 'ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all ${#packages[@]} present"
  exit 0
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
options=()
if [ -n "$cache" ]; then
  mkdir -p "$cache/partial"
  options=(-o "Dir::Cache::Archives=$cache")
fi
echo "installing system packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${options[@]}" "${missing[@]}" > /dev/null
