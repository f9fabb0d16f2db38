"""Python's cycle collector paused while WeasyPrint lays out and writes, then run once."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Run the block with the cycle collector off, then collect its garbage in one go.

    Layout allocates millions of small objects. With the collector on, each full collection
    walks every object still alive, including all pages laid out so far: that took a quarter
    of the layout time at 100 cards and half of it at 1,000, so the cost per card grew with
    the deck. One collection afterwards frees the same garbage; blocks may nest (the inner
    one's collection keeps memory bounded between chunks of a large deck).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()
