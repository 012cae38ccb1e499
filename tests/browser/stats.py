"""The browser tests' session totals: printed at the end of the run, kept in summary.json.

Per page and scheme: the requests (all local), the axe rule ids found (every impact),
the number of figures and of KaTeX formulas, the screenshot; for the session: the
requests that stayed local or were aborted, and the links the crawler checked.

Under pytest-xdist each worker counts its own tests; the controller adds up what the
workers send back (``merge``) and writes the one summary.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tests.site.pages import REPO_ROOT

SCREENSHOTS = REPO_ROOT / "screenshots"


@dataclass
class Stats:
    site_dir: str = ""
    base_url: str = ""
    local_requests: int = 0
    external_requests: list[str] = field(default_factory=list)
    pages: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    external_links: list[str] = field(default_factory=list)
    internal_links_checked: int = 0

    def page_entry(self, page_name: str, scheme: str) -> dict[str, Any]:
        return self.pages.setdefault(page_name, {}).setdefault(scheme, {})

    def merge(self, other: dict[str, Any]) -> None:
        """Add a worker's totals (``asdict`` of its Stats) to these."""
        self.site_dir = self.site_dir or other["site_dir"]
        self.base_url = self.base_url or other["base_url"]
        self.local_requests += other["local_requests"]
        self.external_requests.extend(other["external_requests"])
        for page, schemes in other["pages"].items():
            for scheme, entry in schemes.items():
                self.page_entry(page, scheme).update(entry)
        self.external_links.extend(other["external_links"])
        self.internal_links_checked += other["internal_links_checked"]

    def count_request(self, url: str, local: bool) -> None:
        with _LOCK:
            if local:
                self.local_requests += 1
            else:
                self.external_requests.append(url)


STATS = Stats()
_LOCK = threading.Lock()


def write_summary(directory: Path = SCREENSHOTS) -> None:
    """Write the session's totals to ``screenshots/summary.json``."""
    directory.mkdir(exist_ok=True)
    data = asdict(STATS)
    data["external_requests"] = sorted(set(STATS.external_requests))
    data["external_links"] = sorted(set(STATS.external_links))
    (directory / "summary.json").write_text(json.dumps(data, indent=2) + "\n")
