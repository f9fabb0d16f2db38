"""The workers' fork server compiles the built-in templates once, before it forks: no worker compiles one again."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

from deck.build.workers import PRELOAD

CHECK = """
import deck.build.warm
from deck.render.environment import environment

compiled = []
def compile(self, *args, **kwargs):
    compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
    return original(self, *args, **kwargs)

env = environment()
original = type(env).compile
type(env).compile = compile
for name in deck.build.warm.COMPILED:
    env.get_template(name)
print(len(deck.build.warm.COMPILED), compiled)
"""


def test_the_fork_server_preloads_the_compiled_templates():
    assert "deck.build.warm" in PRELOAD
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, compiled = done.stdout.split(" ", 1)
    assert int(count) == len(list((ROOT / "templates").glob("*.j2")))
    assert compiled.strip() == "[]"  # every template came from the cache the warm-up filled
