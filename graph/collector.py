"""Pausing Python's cyclic garbage collector around bulk construction.

Building a tie graph or a matching index allocates millions of small containers, none in a
cycle; each automatic collection triggered along the way walks every live object again,
including the index already serving. Reference counting still frees what is dropped at once,
so pausing the collector frees nothing any later than usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; re-enable it only if it was enabled before
    (so nested or overlapping pauses leave it as they found it).

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
