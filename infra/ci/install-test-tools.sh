#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, on a Debian-based machine:
#   kcat           reads Kafka topics in the e2e tests, as a client independent of kafkajs
#   java, mvn      fetch and run the Apache Kafka broker the e2e tests start (infra/kafka)
#   postgresql     the binaries the PostgreSQL e2e tests start a throwaway server with (no server is enabled)
#   docker-compose validates docker-compose.yml when the Docker CLI has no compose plugin
#   chromium       the headless browser the auditor page's e2e test drives with playwright-core (no browser download)
#   jq, openssl    the commands docs/audit.md gives an auditor to check an export offline, which a test runs
# Safe to run again: it installs only what is missing and prints nothing when everything is there.
set -euo pipefail

missing_packages=()
command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 || missing_packages+=(kcat)
command -v java >/dev/null 2>&1 || missing_packages+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing_packages+=(maven)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing_packages+=(postgresql)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || missing_packages+=(docker-compose)
[ -x /usr/bin/chromium ] || missing_packages+=(chromium)
command -v jq >/dev/null 2>&1 || missing_packages+=(jq)
command -v openssl >/dev/null 2>&1 || missing_packages+=(openssl)

if [ "${#missing_packages[@]}" -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-tools: missing ${missing_packages[*]}; as root run: apt-get install ${missing_packages[*]}" >&2
  echo "install-test-tools: (or set KAFKA_BROKERS=host:port to run the Kafka tests against an existing broker; kcat is still needed)" >&2
  echo "install-test-tools: (or set DATABASE_URL=postgres://… to run the PostgreSQL tests against an existing server)" >&2
  exit 1
fi

echo "install-test-tools: installing ${missing_packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-tools: $tool still missing after apt-get install" >&2; exit 1; }
done
command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 || { echo "install-test-tools: kcat still missing after apt-get install" >&2; exit 1; }
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "install-test-tools: initdb still missing after apt-get install postgresql" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "install-test-tools: /usr/bin/chromium still missing after apt-get install chromium" >&2; exit 1; }
for tool in jq openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-tools: $tool still missing after apt-get install" >&2; exit 1; }
done
