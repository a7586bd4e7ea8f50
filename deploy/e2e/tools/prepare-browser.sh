#!/usr/bin/env bash
# Installs what ConsoleIT drives, once: Debian's headless-capable chromium and its chromedriver (the same version, from
# the same package source). The build never downloads a browser itself. Prints nothing on success.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo -n"
fi
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null 2>&1; then
  # a machine whose package lists were never fetched
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
