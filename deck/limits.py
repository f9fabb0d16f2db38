"""Bounds on rendering: a wall-clock limit per output, a memory cap for templates, a size check for HTML."""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import contextmanager
from html.parser import HTMLParser

from deck.errors import BuildError, UsageError

TIME_LIMIT_ENV = "DECK_TIME_LIMIT"
DEFAULT_TIME_LIMIT = 120.0  # seconds per output file; the largest real deck takes a few seconds
MIN_TIME_LIMIT_ENV = 1.0  # $DECK_TIME_LIMIT: 0 (no limit) or 1 s to a day
MAX_TIME_LIMIT = 86_400.0
TEMPLATE_MEMORY = 256 << 20  # bytes a template may allocate beyond what the process holds; a deck needs a few MB
MAX_HTML_CHARS = 5_000_000  # a 500-card deck is about 2 MB of HTML
MAX_ELEMENTS = 100_000
MAX_NESTING = 100  # real templates nest about 10 levels; WeasyPrint recurses per level
MAX_CARDS_PER_DECK = 2_000  # a real deck has a few dozen cards; the benchmark lays out 1,000 (a few minutes)
MAX_CONTENT_FILES = 1_000  # YAML files of a content folder together (deck folders included)
MAX_CONTENT_BYTES = 5_000_000  # their size together; each file may be at most 1 MB (load.yamlfile)
ALARM_REPEAT = 0.1  # seconds between repeats of an alarm that landed where Python swallows exceptions


class TimeLimitExceeded(BuildError):
    """An output took longer than the time limit to make."""


class _Alarm(BaseException):
    # A BaseException, so the many `except Exception` blocks inside WeasyPrint cannot swallow it.
    pass


def time_limit_seconds(value: float | None = None) -> float:
    """The time limit to use: ``value`` if given, else $DECK_TIME_LIMIT, else the default (0 = none).

    $DECK_TIME_LIMIT is 0 or from 1 second to a day; a value given by a program may be shorter.
    """
    if value is None:
        raw = os.environ.get(TIME_LIMIT_ENV, "").strip()
        if not raw:
            return DEFAULT_TIME_LIMIT
        try:
            value = float(raw)
        except ValueError:
            raise UsageError(f"{TIME_LIMIT_ENV}={raw!r} is not a number: give the limit in seconds, e.g. {TIME_LIMIT_ENV}=300") from None
        if value != 0 and not MIN_TIME_LIMIT_ENV <= value <= MAX_TIME_LIMIT:  # also refuses NaN and inf
            raise UsageError(f"{TIME_LIMIT_ENV}={raw}: give 0 (no limit) or a number of seconds from "
                             f"{MIN_TIME_LIMIT_ENV:g} to {MAX_TIME_LIMIT:,.0f} (a day), e.g. {TIME_LIMIT_ENV}=300")
    if not 0 <= value <= MAX_TIME_LIMIT:  # also refuses NaN and inf
        raise UsageError(f"time limit {value!r} must be 0 (no limit) or a number of seconds up to {MAX_TIME_LIMIT:,.0f}")
    return float(value)


@contextmanager
def time_limit(seconds: float, what: str):
    """Raise TimeLimitExceeded if the block runs longer than ``seconds`` (0: no limit).

    Uses SIGALRM, so it only works in the main thread on POSIX; elsewhere it does nothing. A
    limit already running (an outer block) is left alone and stays in charge.
    """
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return
    active = True

    def on_alarm(signum, frame):
        if active:
            raise _Alarm()

    def unraisable(info):
        # Raised inside a __del__ or a gc callback, the alarm is swallowed; it repeats, so say nothing.
        if not isinstance(info.exc_value, _Alarm):
            previous_hook(info)

    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            # Inside the try: a very short limit may strike before setitimer has even returned.
            signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
            yield
        finally:
            active = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:  # also one that struck while the block was ending: the time was up
        raise TimeLimitExceeded(
            f"{what}: stopped after {seconds:g} s without finishing. The document is probably pathological "
            f"(e.g. an organisation template producing thousands of nested elements or an endless loop); "
            f"fix the template, or if the content is really this large, raise the limit with "
            f"{TIME_LIMIT_ENV}=<seconds>") from None
    finally:
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook


def _address_space() -> int | None:
    """The process's current virtual memory size in bytes (Linux), or None."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_cap(extra: int = TEMPLATE_MEMORY):
    """Let the block allocate at most ``extra`` more bytes; beyond that Python raises MemoryError.

    Works on Linux (RLIMIT_AS); elsewhere it does nothing. Only the soft limit is lowered, and
    it is put back afterwards.
    """
    try:
        import resource
    except ImportError:  # not POSIX
        yield
        return
    current = _address_space()
    if current is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # a tighter limit is already set
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# Elements that never have content, and elements whose end tag HTML lets you leave out
# (a new sibling closes them); both must not count as nesting.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr param".split())
_SELF_CLOSING_SIBLINGS = {
    "li": {"li"}, "p": {"p"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"},
    "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"},
}


class _TooBig(Exception):
    pass


class _Shape(HTMLParser):
    """Counts elements and nesting, closing tags the way HTML does; stops at the first limit crossed.

    Inside ``<svg>`` and ``<math>`` (foreign content) HTML's void elements and implied end tags do
    not apply: there ``<source>`` or ``<li>`` without a closing tag nests like any element.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.elements = 0
        self.foreign = 0  # open <svg> and <math> elements

    def handle_starttag(self, tag, attrs):
        self._count()
        if not self.foreign:
            if tag in _VOID:
                return
            if self.open and self.open[-1] in _SELF_CLOSING_SIBLINGS.get(tag, ()):
                self.open.pop()
        if tag in ("svg", "math"):
            self.foreign += 1
        self.open.append(tag)
        if len(self.open) > MAX_NESTING:
            raise _TooBig(f"elements are nested more than {MAX_NESTING} levels deep")

    def handle_startendtag(self, tag, attrs):  # <br/>: an element that opens nothing
        self._count()

    def _count(self) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _TooBig(f"the document has more than {MAX_ELEMENTS:,} elements")

    def handle_endtag(self, tag):
        if tag in self.open:
            while True:
                closed = self.open.pop()
                if closed in ("svg", "math"):
                    self.foreign -= 1
                if closed == tag:
                    break


def check_html(html: str, what: str) -> None:
    """Refuse HTML too large or too deeply nested to lay out in reasonable time and memory.

    WeasyPrint's parser slows down with the square of the nesting depth (20,000 levels take
    half a minute before layout fails), so this is checked before WeasyPrint sees the HTML.
    """
    size_hint = "split the deck into smaller ones, or check the templates (an organisation template?)"
    if len(html) > MAX_HTML_CHARS:
        raise BuildError(f"{what}: the document is {len(html):,} characters of HTML, over the limit of "
                         f"{MAX_HTML_CHARS:,}; {size_hint}")
    shape = _Shape()
    try:
        shape.feed(html)
        shape.close()
    except _TooBig as exc:
        hint = ("card text cannot nest, so fix the templates (an organisation template?)" if "nested" in str(exc)
                else size_hint)
        raise BuildError(f"{what}: {exc}, too many to lay out; {hint}") from None
