"""Phase times of `make test`, printed at the end of every run (CI's log included).

``python tools/timed.py LOG NAME -- COMMAND ...`` runs COMMAND, then appends one line to
LOG: the phase's name, when it started and ended, and its exit status. It exits with
COMMAND's status. ``python tools/timed.py LOG --report`` prints the phases in the order
they started, with their wall times, and the wall time of the whole run (from the first
start to the last end: phases that ran side by side count once).

Standard library only: it runs with the system Python before the venv exists.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def run(log: Path, name: str, command: list[str]) -> int:
    """Run `command` as phase `name`, appending its times to `log`; its exit status."""
    start = time.time()
    status = subprocess.call(command)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"{name}\t{start:.3f}\t{time.time():.3f}\t{status}\n")
    return status


def report(log: Path) -> str:
    """The phases in `log` as a table, with the whole run's wall time."""
    if not log.is_file():
        return "phase times: no phase ran"
    rows: list[tuple[float, float, str, int]] = []
    for line in log.read_text(encoding="utf-8").splitlines():
        name, start, end, status = line.split("\t")
        rows.append((float(start), float(end), name, int(status)))
    rows.sort()
    width = max(len(row[2]) for row in rows)
    lines = ["phase times (wall clock):"]
    for began, ended, phase, code in rows:
        failed = "" if code == 0 else f"  (failed, exit {code})"
        lines.append(f"  {phase:<{width}}  {ended - began:7.1f} s{failed}")
    total = max(row[1] for row in rows) - min(row[0] for row in rows)
    lines.append(f"  {'whole run':<{width}}  {total:7.1f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[1] == "--report":
        print(report(Path(argv[0])))
        return 0
    if len(argv) >= 4 and argv[2] == "--":
        return run(Path(argv[0]), argv[1], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
