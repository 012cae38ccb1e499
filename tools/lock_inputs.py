"""Is requirements/lock.txt made from today's pyproject.toml and constraints?

`make lock` compiles the hash-pinned lock from the dependency tables of pyproject.toml,
requirements/constraints.txt and requirements/build.in, then runs ``--stamp`` to write a
digest of those inputs into the lock's first line. `make test`/`make serve` run
``--check`` before installing, so a dependency added to pyproject.toml or a pin changed
in constraints.txt without `make lock` stops the install with a plain message instead
of a test failing later on a missing import. Standard library only (runs before the
venv has anything installed).

    python tools/lock_inputs.py --stamp requirements/lock.txt
    python tools/lock_inputs.py --check requirements/lock.txt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ("requirements/constraints.txt", "requirements/build.in")
PREFIX = "# inputs-sha256: "


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 of what the lock is compiled from (not of the rest of pyproject.toml)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    tables = {
        key: project.get(key)
        for key in ("requires-python", "dependencies", "optional-dependencies")
    }
    digest = hashlib.sha256(json.dumps(tables, sort_keys=True).encode())
    for name in INPUTS:
        digest.update(b"\0" + name.encode() + b"\0" + (root / name).read_bytes())
    return digest.hexdigest()


def stamp(lock: Path, root: Path = ROOT) -> None:
    """Write the inputs' digest as the lock's first line (replacing an older one)."""
    lines = lock.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith(PREFIX)]
    lock.write_text(f"{PREFIX}{inputs_digest(root)}\n" + "".join(lines), encoding="utf-8")


def check(lock: Path, root: Path = ROOT) -> str | None:
    """None when the lock matches its inputs, else what is wrong and what to run."""
    if not lock.is_file():
        return f"{lock} is missing: run `make lock`"
    first = lock.read_text(encoding="utf-8").split("\n", 1)[0]
    if first != PREFIX + inputs_digest(root):
        return (
            f"{lock} is out of date: pyproject.toml's dependencies or "
            f"{' / '.join(INPUTS)} changed since it was made. Run `make lock` "
            "(keeps every existing pin, adds hashes) and commit the lock."
        )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--stamp", action="store_true", help="write the digest into LOCK")
    action.add_argument("--check", action="store_true", help="fail if LOCK is out of date")
    parser.add_argument("lock", type=Path)
    args = parser.parse_args(argv)
    if args.stamp:
        stamp(args.lock)
        return 0
    problem = check(args.lock)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
