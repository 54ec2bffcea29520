#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine. Idempotent: quick when all is there.
#   - a JDK and Maven (the build);
#   - Debian's chromium and chromium-driver (the web client's browser tests drive /usr/bin/chromium
#     through /usr/bin/chromedriver, so Selenium downloads nothing);
#   - Debian's redis-server (cluster-redis's tests start their own on a free port).
set -euo pipefail

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v redis-server >/dev/null || missing+=(redis-server)
# Fonts for the browser tests' screenshots: a UI font and colour emoji (the client uses the
# system's fonts; without these, headless chromium draws emoji as empty boxes).
for font in fonts-inter fonts-noto-color-emoji; do
  dpkg -s "$font" >/dev/null 2>&1 || missing+=("$font")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "test-deps: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
