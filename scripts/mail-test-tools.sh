#!/usr/bin/env bash
# What the e-mail and PDF tests of the reception service need, installed idempotently:
# Debian's poppler-utils (pdftotext, pdftoppm), qpdf and openssl, and a Python virtual
# environment with aiosmtpd (the real SMTP server the tests start on loopback,
# scripts/smtp_test_server.py) and dkimpy (an independent DKIM verifier).
# Usage: scripts/mail-test-tools.sh VENV_DIR   (the tests call it with one under target/)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/debian.sh

venv="${1:?usage: scripts/mail-test-tools.sh VENV_DIR}"
install_missing_debian_packages mail-test-tools poppler-utils qpdf openssl python3-venv

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import aiosmtpd, dkim' 2>/dev/null; then
  echo "mail-test-tools: installing aiosmtpd and dkimpy into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "aiosmtpd==${AIOSMTPD_VERSION:-1.4.6}" "dkimpy==${DKIMPY_VERSION:-1.1.8}"
fi
