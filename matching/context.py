"""The draft's context: what a lab knows about a draft when it arrives, besides its text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DraftContext:
    """Who sends a draft, to which lab, when and from where. Every field is optional.

    Without a context (``DraftContext()``), matching uses the text alone. Ids are checked
    against the store by the caller (the service), which names the field of an unknown id.

    Attributes:
        lab: the receiving lab (``lab:…``).
        date: the draft's date; evidence is weighed by its distance to this date.
        submitter: the person who sent the draft (``person:…``); never suggested to themself.
        organisations: the submitter's organisations (``org:…``); never suggested as partners.
        territory: where the draft's project takes place (``territory:…``).
    """

    lab: str | None = None
    date: date | None = None
    submitter: str | None = None
    organisations: tuple[str, ...] = ()
    territory: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when nothing but the text is known.

        >>> DraftContext().is_empty, DraftContext(lab="lab:innovmandie").is_empty
        (True, False)
        """
        return not (self.lab or self.date or self.submitter or self.organisations or self.territory)

    def ids(self) -> dict[str, list[str]]:
        """The node ids this context names, by field (for existence checks).

        >>> DraftContext(lab="lab:a", organisations=("org:b", "org:c")).ids()
        {'lab': ['lab:a'], 'organisations': ['org:b', 'org:c']}
        """
        named: dict[str, list[str]] = {}
        for name in ("lab", "submitter", "territory"):
            value = getattr(self, name)
            if value:
                named[name] = [value]
        if self.organisations:
            named["organisations"] = list(self.organisations)
        return named
