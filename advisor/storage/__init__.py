"""Sessions, roadmaps and assessments behind one repository seam, on SQLAlchemy 2 Core.

`open_storage(settings)` is the one place it is built: ADVISOR_DATABASE_URL selects
the database (`postgresql+psycopg://...` for replicas); unset, a SQLite file under
the data dir, with nothing to set up.

The ids are imported at once; the rest when first used: SQLAlchemy costs about 0.4 s of
import, and a command that stores nothing (`advisor ask`) should not pay it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from advisor.storage.ids import ANONYMOUS, ID_PATTERN, STORED_ID, issue_id

if TYPE_CHECKING:
    from advisor.storage.database import Database
    from advisor.storage.factory import Storage, open_storage, sqlite_database
    from advisor.storage.outputs import OutputStore
    from advisor.storage.sessions import MAX_MESSAGES_PER_SESSION, SessionStore

__all__ = [
    "ANONYMOUS",
    "ID_PATTERN",
    "MAX_MESSAGES_PER_SESSION",
    "STORED_ID",
    "Database",
    "OutputStore",
    "SessionStore",
    "Storage",
    "issue_id",
    "open_storage",
    "sqlite_database",
]

_LAZY = {
    "Database": "advisor.storage.database",
    "OutputStore": "advisor.storage.outputs",
    "SessionStore": "advisor.storage.sessions",
    "MAX_MESSAGES_PER_SESSION": "advisor.storage.sessions",
    "Storage": "advisor.storage.factory",
    "open_storage": "advisor.storage.factory",
    "sqlite_database": "advisor.storage.factory",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'advisor.storage' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
