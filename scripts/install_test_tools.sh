#!/usr/bin/env bash
# What `make test` needs beyond the virtualenv, installed only when missing:
# - Chromium for the browser tests: Debian's package (never `playwright install`), or
#   any Chromium named by CHROMIUM_PATH;
# - Debian's docker-compose (v1), which parses docker-compose.yml for the compose tests;
# - the Azure Blob emulator (npm azurite) into the project's own .tools/ folder, not
#   globally. (moto_server, the S3 one, comes with the dev extra.)
# The system packages need root and apt-get; without them it says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        echo "Please install $* (Debian: apt-get install $*)." >&2
        return 1
    fi
    if [ -z "${apt_updated:-}" ]; then
        apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=0
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium for the browser tests..."
    apt_install chromium || missing=1
fi
if ! command -v docker-compose >/dev/null 2>&1; then
    echo "Installing docker-compose (v1) for the compose-file tests..."
    apt_install docker-compose || missing=1
fi
if [ ! -x .tools/node_modules/.bin/azurite-blob ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "Installing Node.js and npm for the Azure Blob emulator..."
        apt_install nodejs npm || missing=1
    fi
    if command -v npm >/dev/null 2>&1; then
        echo "Installing the Azure Blob emulator (azurite) into .tools/..."
        npm install --silent --no-audit --no-fund --prefix .tools azurite@3 >/dev/null
    fi
fi
# A missing tool is not fatal here: its tests fail saying what to start or install.
exit 0
