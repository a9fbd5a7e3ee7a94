"""Stored outputs (roadmaps, assessments): by id, each owned by the caller that made
it, in one table keyed by the job's kind."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import insert, select

from advisor.errors import NotFound
from advisor.storage.database import Database
from advisor.storage.ids import ANONYMOUS, STORED_ID, issue_id
from advisor.storage.sessions import now
from advisor.storage.tables import outputs

M = TypeVar("M", bound=BaseModel)


class OutputStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, kind: str, output: M, owner: str = ANONYMOUS) -> M:
        """Store the output under a fresh id issued here and return it with that id.

        The id a job stamped is replaced: whatever made the output, the id it is served
        under is unguessable, and a plain INSERT never overwrites anyone's row."""
        output_id = issue_id()
        stored = output.model_copy(update={"id": output_id})
        with self.db.begin() as conn:
            conn.execute(
                insert(outputs).values(
                    id=output_id,
                    kind=kind,
                    owner=owner,
                    created_at=now(),
                    body=stored.model_dump_json(),
                )
            )
        return stored

    def get(self, kind: str, output_id: str, schema: type[M], owner: str = ANONYMOUS) -> M:
        """The owner's output; another owner's is NotFound, like an id never issued."""
        body = None
        if STORED_ID.fullmatch(output_id):
            with self.db.connect() as conn:
                body = conn.execute(
                    select(outputs.c.body).where(
                        outputs.c.id == output_id,
                        outputs.c.kind == kind,
                        outputs.c.owner == owner,
                    )
                ).scalar_one_or_none()
        if body is None:
            raise NotFound(f"no {kind} {output_id!r}")
        return schema.model_validate_json(body)
