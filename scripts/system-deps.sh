#!/usr/bin/env bash
# Install the Debian packages aikg's views, report and browser tests need, when missing:
# Chromium (driven by playwright with executable_path=/usr/bin/chromium), a CJK font, and Virtuoso (the second
# remote SPARQL server of the remote-store tests; they start it themselves on 127.0.0.1 from an ini of their own).
set -euo pipefail
need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
fc-list 2>/dev/null | grep -qi -e 'wqy' -e 'noto sans cjk' || need+=(fonts-wqy-microhei)
[[ -x /usr/bin/virtuoso-t ]] || need+=(virtuoso-opensource)
if ((${#need[@]} == 0)); then exit 0; fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
  echo "aikg: missing system packages: ${need[*]}." >&2
  echo "      Install them (Debian: sudo apt-get install ${need[*]}); browser tests, Chinese charts and the Virtuoso tests need them." >&2
  exit 0
fi
echo "aikg: installing ${need[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${need[@]}" fontconfig >/dev/null
# Debian's package starts its own server where it can (listening on every interface): stop it; the tests
# start theirs on 127.0.0.1
if [[ " ${need[*]} " == *" virtuoso-opensource "* ]]; then
  service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
fi
fc-cache -f >/dev/null 2>&1 || true
