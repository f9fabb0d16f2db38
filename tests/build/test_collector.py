"""The cycle collector during a build: what was alive before the outputs are made is left out of its
collections while they are made, and handed back when the build ends (a library caller's process is
as it was). Outputs are made by the stand-in maker."""

from __future__ import annotations

import gc
import weakref

import helpers

import deck.build.runner
from deck.build.pipeline import build
from deck.build.plan import Options
from deck.layout.gcpause import heap_frozen


def test_a_build_in_this_process_freezes_the_heap_while_it_makes_outputs_and_thaws_it_after(content_copy, tmp_path,
                                                                                          monkeypatch):
    seen = []

    def make(content, target, opts, org=None):
        seen.append(gc.get_freeze_count())
        return helpers.fake_output(content, target, opts, org)

    monkeypatch.setattr(deck.build.runner, "make_output", make)
    gc.unfreeze()  # a process with nothing frozen, as a command's or a library caller's usually is
    results = build(Options(content=content_copy, out=tmp_path, decks=("vuistregels",), workbook=False, jobs=1))
    assert [r.status for r in results] == ["built", "built"]
    assert len(seen) == 2 and min(seen) > 10_000  # the modules and the content were frozen
    assert gc.get_freeze_count() == 0


def test_a_cycle_that_dies_while_frozen_is_collected_after():
    class Node:
        pass

    node = Node()
    node.self = node  # a cycle: only the collector frees it
    ref = weakref.ref(node)
    with heap_frozen():
        del node
        gc.collect()
        assert ref() is not None  # frozen: left alone
    gc.collect()
    assert ref() is None


def test_a_heap_frozen_by_the_caller_stays_frozen():
    gc.unfreeze()
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        with heap_frozen():
            pass
        # Still frozen (a frozen object can still be freed when nothing refers to it any more).
        assert gc.get_freeze_count() > count - 100
    finally:
        gc.unfreeze()
