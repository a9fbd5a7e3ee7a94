"""What a model server has shown it supports, remembered across processes: without it,
the first request of every CLI process sent json_schema to a server that refuses it
(llama.cpp answers 500) before switching to function calling.

Kept per base URL and model, in a small JSON file under the data dir. A server's answer
is learned from only when it is clear: a refusal that names json_schema switches to
function calling and is remembered; a success of json_schema is remembered too, so a
later plain 500 is taken for the transient failure it is, never for a refusal.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Literal, cast

log = logging.getLogger(__name__)
Method = Literal["json_schema", "function_calling"]
FILE = "model-capabilities.json"


class CapabilityMemory:
    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def key(base_url: str, model: str) -> str:
        return f"{base_url.rstrip('/')}|{model}"

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def method(self, base_url: str, model: str) -> Method | None:
        found = self._read().get(self.key(base_url, model))
        return cast(Method, found) if found in ("json_schema", "function_calling") else None

    def remember(self, base_url: str, model: str, method: Method) -> None:
        known = self._read()
        key = self.key(base_url, model)
        if known.get(key) == method:
            return
        known[key] = method
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written whole and renamed, so a reader never sees half a file.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".capabilities-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(known, out, indent=1, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError as exc:  # a read-only data dir: the process still works
            log.warning("could not remember the model server's capabilities (%s)", exc)
