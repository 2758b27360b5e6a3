#!/usr/bin/env bash
# Installs the system packages the test suite needs and that Maven and npm cannot bring:
# Debian's Chromium and ChromeDriver for the browser tests, Debian's redis-server for the Redis
# adapter tests (started by the tests on a free loopback port). Node packages come from the npm
# lockfiles during the Maven build; Java libraries from Maven Central.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing ${need[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
