"""Python's cycle collector paused while WeasyPrint lays out and writes, then run once."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused(young: bool = False):
    """Run the block with the cycle collector off, then collect its garbage in one go.

    Layout allocates millions of small objects. With the collector on, each full collection
    walks every object still alive, including all pages laid out so far: that took a quarter
    of the layout time at 100 cards and half of it at 1,000, so the cost per card grew with
    the deck. One collection afterwards frees the same garbage. ``young`` collects only the
    objects made since the last collection (cheap while many pages are still alive): for
    blocks nested in a larger one, such as one chunk of a big deck.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(1 if young else 2)


@contextmanager
def heap_frozen():
    """Within this block, the objects alive when it starts (imported modules, the loaded content) are left out
    of every collection; they go back to the collector when it ends.

    A full collection walks every object the collector tracks: after each output, that was mostly the
    imported modules and the content, which are never garbage while the build runs. Nothing is
    frozen or thawed when the process has frozen objects already (a worker forked from the fork
    server, which freezes its heap before it forks: deck.build.warm).
    """
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
