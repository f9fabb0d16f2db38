"""Imported by the workers' fork server (deck.build.workers.PRELOAD): what every worker would otherwise do
before its first output, done once before the workers are forked.

Nothing here lays out a document or loads fonts: a process that has used fontconfig or Pango must not
be forked (see deck.build.workers.pool_context).
"""

from __future__ import annotations

import gc

from deck.render.workbook import compile_builtin_templates

COMPILED = compile_builtin_templates()

# Last of the fork server's imports (deck.build.workers.PRELOAD): the objects it holds now are the
# workers' too, and never garbage. Frozen, the collector leaves them alone in every worker, which
# then neither walks them in each full collection nor copies their memory by touching them.
gc.freeze()
