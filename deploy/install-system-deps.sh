#!/usr/bin/env bash
# System packages the crawler needs (Debian/Ubuntu): OCR for scanned PDFs (tesseract + Vietnamese model),
# pdftoppm to rasterise PDF pages (poppler-utils), antiword for Word 97-2003 .doc attachments, and the
# DejaVu font used by the tests to render Vietnamese. Idempotent: installs only what is missing.
set -euo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils antiword fonts-dejavu-core)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "crawler system dependencies already installed"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
