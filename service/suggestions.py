"""Suggestions for a draft, for every entry point: the front desk's tool, so staff only."""

from __future__ import annotations

from matching.context import DraftContext
from matching.matcher import Matcher, SuggestionSet
from service.accounts import Principal


def suggest(
    matcher: Matcher, principal: Principal, text: str, *, k: int = 10, context: DraftContext | None = None
) -> SuggestionSet:
    """Experts and partner organisations for a draft (see ``Matcher.suggest``)."""
    principal.require_staff("les suggestions")
    return matcher.suggest(text, k=k, context=context)
