"""Peer discovery, for every entry point: staff and agents (who look for peers themselves)."""

from __future__ import annotations

from graph.errors import Forbidden
from matching.matcher import Matcher
from matching.peers import PeerSet
from service.accounts import AccessRole, Principal


def find_peers(
    matcher: Matcher,
    principal: Principal,
    *,
    text: str | None = None,
    project: str | None = None,
    person: str | None = None,
    k: int = 10,
) -> PeerSet:
    """Similar projects and the people on them (see ``Matcher.peers``)."""
    if principal.role is AccessRole.READER:
        raise Forbidden("la recherche de pairs n'est pas ouverte au rôle lecteur (rapports seulement)")
    return matcher.peers(text=text, project=project, person=person, k=k)
