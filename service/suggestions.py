"""Suggestions for a draft, for every entry point: the front desk's tool, so staff only."""

from __future__ import annotations

from graph.errors import Forbidden
from matching.context import DraftContext
from matching.matcher import Matcher, SuggestionSet
from service.accounts import Principal


def suggest(
    matcher: Matcher, principal: Principal, text: str, *, k: int = 10, context: DraftContext | None = None
) -> SuggestionSet:
    """Experts and partner organisations for a draft (see ``Matcher.suggest``)."""
    if not principal.is_staff():
        raise Forbidden("les suggestions sont l'outil de l'équipe du laboratoire")
    return matcher.suggest(text, k=k, context=context)
