"""The one exception tree of Passerelle's domain. The service maps each class to HTTP once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One bad value: which record, which field, what is wrong, and where it was read."""

    record: str
    field: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else ""
        return f"{where}{self.record}: {self.field}: {self.message}"


class PasserelleError(Exception):
    """Base of every error Passerelle raises on purpose."""


class NotFound(PasserelleError):
    """A record that was asked for does not exist."""


class InvalidInput(PasserelleError):
    """Input that breaks the model; ``problems`` names each record and field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:20])
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} invalid record(s): {shown}{more}")


class Conflict(PasserelleError):
    """The request contradicts what is stored."""


class StoreUnavailable(PasserelleError):
    """The store cannot be reached, or cannot answer correctly right now."""


class NotReady(PasserelleError):
    """The service is still preparing (building its first index); retry shortly."""


class Unauthenticated(PasserelleError):
    """No credentials, or credentials that name nobody (an unknown or revoked key)."""


class Forbidden(PasserelleError):
    """The caller is known, but their role does not allow this."""


def first_causes(errors: Sequence[Any]) -> list[Any]:
    """Pydantic's errors without the echo of a bad item: a list whose one item is refused is
    also reported as too short (« roles.0: Input should be 'agent'… » and « roles: Tuple should
    have at least 1 item »); only the first names the cause.

    >>> first_causes([{"loc": ("roles", 0), "type": "enum"}, {"loc": ("roles",), "type": "too_short"}])
    [{'loc': ('roles', 0), 'type': 'enum'}]
    """
    items = [tuple(e["loc"]) for e in errors]
    return [
        e
        for e in errors
        if not (
            e.get("type") == "too_short"
            and any(len(loc) > len(e["loc"]) and loc[: len(e["loc"])] == tuple(e["loc"]) for loc in items)
        )
    ]
