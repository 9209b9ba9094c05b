#!/usr/bin/env bash
# Debian packages the tests need. Browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
# does not work behind a registry-only network). A CJK font keeps Chinese from rendering as boxes.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || need+=(fonts-wqy-microhei)
# gettext: the translation test extracts every translatable string with xgettext.
command -v xgettext >/dev/null 2>&1 || need+=(gettext)
[ ${#need[@]} -eq 0 ] && exit 0
echo "== Installing ${need[*]} (Debian packages)"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
