"""scripts/setup-e2e-server.sh picks llama.cpp's build flags from the CPU, never natively.

The flags decide whether the local server works on a machine (issue 11: a native build
on an AMX CPU segfaults on its first answer; a build for a newer CPU dies with SIGILL on
an older one). ``--print-cmake-args`` prints them and stops; ``E2E_CPUINFO`` and
``E2E_ARCH`` stand in for /proc/cpuinfo and ``uname -m``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "setup-e2e-server.sh"
ALWAYS = ("-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF "
          "-DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AVX_VNNI=OFF "
          "-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF")
V3 = ("-DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
      "-DGGML_BMI2=ON")
BASELINE = ("-DGGML_SSE42=OFF -DGGML_AVX=OFF -DGGML_AVX2=OFF -DGGML_FMA=OFF -DGGML_F16C=OFF "
            "-DGGML_BMI2=OFF")
BASE_FLAGS = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat clflush mmx fxsr"
CPUS = {
    # This project's machines (Sapphire Rapids): AVX-512 and AMX present, both left off.
    "sapphire-rapids": f"{BASE_FLAGS} sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 "
                       "bmi2 avx512f avx512dq avx512bw avx512vl avx_vnni avx512_bf16 "
                       "avx512_vnni amx_bf16 amx_tile amx_int8",
    "haswell": f"{BASE_FLAGS} sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c bmi1 avx2 bmi2",
    "sandy-bridge": f"{BASE_FLAGS} sse sse2 ssse3 sse4_1 sse4_2 avx",  # AVX, no AVX2/FMA
    "core2": f"{BASE_FLAGS} sse sse2 ssse3",
}


def cmake_args(tmp_path: Path, flags: str, arch: str = "x86_64") -> str:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: test\nflags\t\t: {flags}\n\n"
                       f"processor\t: 1\nflags\t\t: {flags}\n")
    proc = subprocess.run(["bash", str(SCRIPT), "--print-cmake-args"], capture_output=True,
                          text=True, timeout=30, check=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                               "E2E_CPUINFO": str(cpuinfo), "E2E_ARCH": arch})
    return proc.stdout.rstrip("\n")


@pytest.mark.parametrize(("cpu", "expected"), [
    ("sapphire-rapids", f"{ALWAYS} {V3}"),
    ("haswell", f"{ALWAYS} {V3}"),
    ("sandy-bridge", f"{ALWAYS} {BASELINE}"),
    ("core2", f"{ALWAYS} {BASELINE}"),
])
def test_x86_flags_follow_the_cpu(tmp_path: Path, cpu: str, expected: str) -> None:
    assert cmake_args(tmp_path, CPUS[cpu]) == expected


def test_other_architectures_get_no_x86_flags(tmp_path: Path) -> None:
    assert cmake_args(tmp_path, "fp asimd evtstrm aes pmull sha1 sha2 crc32", "aarch64") == ALWAYS
