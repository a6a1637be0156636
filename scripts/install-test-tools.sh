#!/usr/bin/env bash
# Installs the Debian packages the unit tests compare against, before `npm test` runs them:
# sg3-utils (sg_decode_sense, the reference for the SCSI sense decoder). Idempotent.
# `npm run test:unit` alone does not call this; the tests that need a package skip without it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { printf '[test-tools] %s\n' "$*"; }
# shellcheck source=lib/apt.sh
source "$ROOT/scripts/lib/apt.sh"

ensure_apt_packages sg3-utils
