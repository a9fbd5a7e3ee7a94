"""Run the `advisor` command as a user would: a separate process."""

from __future__ import annotations

import subprocess
import sys

ADVISOR = [sys.executable, "-m", "advisor.cli"]


def run(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ADVISOR, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
