"""Peer discovery, for every entry point: staff and agents (who look for peers themselves)."""

from __future__ import annotations

from matching.matcher import Matcher
from matching.peers import PeerSet
from service.accounts import Principal


def find_peers(
    matcher: Matcher,
    principal: Principal,
    *,
    text: str | None = None,
    project: str | None = None,
    person: str | None = None,
    k: int = 10,
) -> PeerSet:
    """Similar projects and the people on them (see ``Matcher.peers``); an agent asking is never
    among their own peers."""
    principal.require_network_access("la recherche de pairs")
    return matcher.peers(text=text, project=project, person=person, k=k, requester=principal.person_id)
