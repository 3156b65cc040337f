#!/bin/bash
# Tesseract's solve rate per captcha generator (BENCHMARKS.md, "Generator").
# Usage: generator-ocr.sh <out dir> <images per generator> <classpath> [generator ...]
# Installs Debian's tesseract-ocr (Tesseract 5) when it is missing.
set -euo pipefail
out=$1 images=$2 classpath=$3
shift 3
if ! command -v tesseract >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -q && apt-get install -y -q tesseract-ocr
    else
        sudo apt-get update -q && sudo apt-get install -y -q tesseract-ocr
    fi
fi
exec java -Djava.awt.headless=true -classpath "$classpath" org.captchaws.bench.TesseractSolveRate "$out" "$images" "$@"
