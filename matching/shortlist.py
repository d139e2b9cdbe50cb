"""The shortlist: from a ranking to what a lab may propose.

Rules on the set, applied after the fusion and never folded into the score: the submitter, the
people who opted out of suggestions, declared conflicts of interest, the submitter's team (a
setting), the submitter's own organisations and those above them (a DDT's préfecture is its
own administration, not a partner), and people at their introduction cap are left out; then, when a
good enough candidate exists outside the submitter's administration, the top 5 hold at least one
(a civil-society one if possible), brought in by re-ranking with a quota.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import NodeKind
from matching.context import DraftContext
from matching.index import CIVIL_SOCIETY, Candidates
from matching.ranking import Options, Ranked

QUOTA_PLACES = 5
"""The silo rule looks at the first five places."""


@dataclass(frozen=True)
class SiloBridge:
    """What the silo-bridging rule did for one list."""

    applicable: bool
    """False when the submitter's administration is unknown."""
    applied: bool
    """True when a candidate was brought into the top 5."""
    candidate: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Shortlist:
    """Positions (in the ranking) of the top k and of the alternates, and what was left out."""

    chosen: list[int]
    alternates: list[int]
    excluded: dict[str, int]
    """How many candidates each rule left out, by rule, among those the list had to look at."""
    silo: SiloBridge


def submitter_organisations(context: DraftContext, employers: tuple[str, ...]) -> frozenset[str]:
    """The submitter's organisations: the context's, and where the submitter works."""
    return frozenset(context.organisations) | frozenset(employers)


def exclusion_reason(
    candidates: Candidates,
    row: int,
    *,
    context: DraftContext,
    organisations: frozenset[str],
    own: frozenset[str],
    at_cap: bool,
    options: Options,
) -> str | None:
    """Why a candidate may not be proposed for this draft, or None.

    Args:
        organisations: the submitter's organisations (their team, for ``exclude_team``).
        own: those and the organisations above them, never proposed as partners.
    """
    candidate = candidates.ids[row]
    if candidate == context.submitter:
        return "submitter"
    if candidates.opted_out[row]:
        return "opted_out"
    if candidates.conflicts[row] & (organisations | ({context.submitter} if context.submitter else set())):
        return "conflict_of_interest"
    if candidates.kind is NodeKind.ORGANISATION and candidate in own:
        return "own_organisation"
    if (
        candidates.kind is NodeKind.PERSON
        and options.exclude_team
        and organisations & set(candidates.organisations[row])
    ):
        return "same_team"
    if at_cap:
        return "load_cap"
    return None


def shortlist(
    ranked: Ranked,
    candidates: Candidates,
    *,
    k: int,
    context: DraftContext,
    organisations: frozenset[str],
    own: frozenset[str],
    administrations: frozenset[str],
    options: Options,
) -> Shortlist:
    """Apply the exclusions, the silo-bridging quota, and cut the top k and the alternates."""
    excluded: dict[str, int] = {}
    eligible: list[int] = []
    availability = ranked.values.get("availability")
    wanted = k + options.alternates
    for position, row in enumerate(ranked.rows):
        # Past the list and its alternates, only the silo rule may still need someone: a good
        # enough candidate outside the administration (probabilities fall along the ranking).
        if len(eligible) >= max(wanted, QUOTA_PLACES) and (
            not administrations
            or ranked.probabilities[position] < options.silo_threshold
            or any(
                _outside(candidates, int(ranked.rows[p]), administrations) for p in eligible[:QUOTA_PLACES]
            )
        ):
            break
        at_cap = availability is not None and availability[position] <= 0.0
        reason = exclusion_reason(
            candidates,
            int(row),
            context=context,
            organisations=organisations,
            own=own,
            at_cap=at_cap,
            options=options,
        )
        if reason is None:
            eligible.append(position)
        else:
            excluded[reason] = excluded.get(reason, 0) + 1
    eligible, silo = _bridge_silos(
        ranked, candidates, eligible, administrations, options.silo_threshold, places=min(QUOTA_PLACES, k)
    )
    return Shortlist(
        chosen=eligible[:k],
        alternates=eligible[k : k + options.alternates],
        excluded=excluded,
        silo=silo,
    )


def _outside(candidates: Candidates, row: int, administrations: frozenset[str]) -> bool:
    mine = candidates.administrations[row]
    return bool(mine) and not (mine & administrations)


def _bridge_silos(
    ranked: Ranked,
    candidates: Candidates,
    eligible: list[int],
    administrations: frozenset[str],
    threshold: float,
    *,
    places: int,
) -> tuple[list[int], SiloBridge]:
    """Bring a good enough outsider into the first ``places`` (5, or k when the list is shorter)."""
    if not administrations:
        return eligible, SiloBridge(False, False, reason="the submitter's administration is unknown")
    rows = ranked.rows
    top = eligible[:places]
    if any(_outside(candidates, int(rows[p]), administrations) for p in top):
        return eligible, SiloBridge(
            True, False, reason=f"the top {places} already reach beyond the administration"
        )
    good = [
        p
        for p in eligible[places:]
        if ranked.probabilities[p] >= threshold and _outside(candidates, int(rows[p]), administrations)
    ]
    if not good:
        return eligible, SiloBridge(
            True, False, reason="no candidate outside the administration is good enough"
        )
    civil = [p for p in good if candidates.sectors[int(rows[p])] & CIVIL_SOCIETY]
    chosen = (civil or good)[0]
    reordered = [p for p in eligible if p != chosen]
    place = min(places - 1, len(reordered))
    reordered.insert(place, chosen)
    kind = "civil society" if civil else "another administration"
    return reordered, SiloBridge(
        True, True, candidate=candidates.ids[int(rows[chosen])], reason=f"brought in from {kind}"
    )
