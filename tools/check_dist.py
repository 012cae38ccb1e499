"""`make dist-check`: the package as a reader installs it, not the checkout.

1. ``python -m build`` makes the sdist and the wheel in ``dist/`` (no build isolation:
   setuptools and wheel come from the hash lock, like everything else);
2. ``twine check --strict`` checks their metadata and README (what PyPI would show);
3. a clean virtualenv gets the wheel with its ``plot`` extra (numpy and matplotlib at the
   versions of requirements/constraints.txt), and nothing of the checkout;
4. every build-time example of the cookbook (docs/cookbook.md, ``exec="on"`` fences)
   runs with that virtualenv's Python, from an empty folder, so ``import bpbook`` can
   only find the installed package (each example checks that first).

The release workflow (.github/workflows/release.yml) runs steps 1 and 2 before it
publishes. Exit status 0 when everything passed.

    python tools/check_dist.py [--dist DIR] [--keep]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COOKBOOK = ROOT / "docs" / "cookbook.md"
_FENCE = re.compile(r"(?ms)^```python[^\n]*exec=\"on\"[^\n]*\n(.*?)^```")
# Prepended to each example: fail if bpbook is not the installed one.
_GUARD = """\
import pathlib, sys, bpbook
_where = pathlib.Path(bpbook.__file__).resolve()
assert pathlib.Path(sys.prefix).resolve() in _where.parents, f"bpbook from {_where}"
"""


def run(*command: str | Path, cwd: Path | None = None) -> None:
    print("+", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], cwd=cwd, check=True)


def cookbook_examples(text: str) -> list[str]:
    """The code of the cookbook's build-time examples, in page order."""
    return [code for code in _FENCE.findall(text)]


def build(dist: Path) -> list[Path]:
    """The sdist and the wheel in ``dist``, twine-checked; setuptools' leftovers removed."""
    shutil.rmtree(dist, ignore_errors=True)
    leftovers = [p for p in (ROOT / "build", ROOT / "bpbook.egg-info") if not p.exists()]
    run(
        sys.executable,
        "-m",
        "build",
        "--no-isolation",
        "--sdist",
        "--wheel",
        "--outdir",
        dist,
        ROOT,
    )
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
    files = sorted(dist.iterdir())
    if len([f for f in files if f.suffix == ".whl"]) != 1 or not any(
        f.name.endswith(".tar.gz") for f in files
    ):
        raise SystemExit(f"expected one wheel and one sdist in {dist}, got {files}")
    run(sys.executable, "-m", "twine", "check", "--strict", *files)
    return files


def install_and_run(wheel: Path, work: Path) -> int:
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--constraint",
        ROOT / "requirements" / "constraints.txt",
        f"{wheel}[plot]",
    )
    examples = cookbook_examples(COOKBOOK.read_text(encoding="utf-8"))
    if len(examples) < 8:
        raise SystemExit(f"expected the cookbook's examples, found {len(examples)}")
    folder = work / "examples"
    folder.mkdir()
    failed = 0
    for number, code in enumerate(examples, start=1):
        script = folder / f"example_{number}.py"
        script.write_text(_GUARD + code, encoding="utf-8")
        result = subprocess.run(
            [str(python), "-I", script.name],
            cwd=folder,
            capture_output=True,
            text=True,
            env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
        )
        status = "ok" if result.returncode == 0 and result.stdout.strip() else "FAILED"
        print(f"cookbook example {number}: {status}")
        if status != "ok":
            failed += 1
            print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
    print(f"{len(examples) - failed} passed, {failed} failed")
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--keep", action="store_true", help="keep the clean virtualenv")
    args = parser.parse_args(argv)
    files = build(args.dist)
    wheel = next(f for f in files if f.suffix == ".whl")
    work = Path(tempfile.mkdtemp(prefix="bpbook-dist-"))
    try:
        failed = install_and_run(wheel, work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
