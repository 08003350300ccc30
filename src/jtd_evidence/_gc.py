"""Build many long-lived objects at once without the cyclic garbage collector's pauses.

Reading a large .bib creates millions of small objects that all live on (blocks, fields, names,
entries). CPython's cyclic collector runs whenever 700 more objects have been made than freed, and
every so often walks all the survivors: about a third of the time of reading 50,000 entries, for
nothing, since reading makes almost no cyclic garbage (365 objects for 12,500 entries). While
:func:`paused_collector` is active the collector does not run; reference counting still frees
everything else at once, and the collector is resumed (if it was on) when the block ends.

    >>> import gc
    >>> with paused_collector():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_collector"]


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (nested uses leave it to the outermost)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
