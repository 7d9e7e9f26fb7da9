"""A bench script's section of docs/benchmarks.md, between its own start and end markers."""

from __future__ import annotations

import re
from pathlib import Path


def replace_section(target: Path, start: str, end: str, section: str) -> None:
    """Put `section` (markers included) where the markers are, or at the end of the file."""
    text = target.read_text() if target.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    target.write_text(
        pattern.sub(lambda _m: section, text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section + "\n"
    )
