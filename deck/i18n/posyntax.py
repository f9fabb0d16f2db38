"""PO syntax as GNU msgfmt checks it, in plain words with the line: Babel's reader lets some of it pass.

Babel reads ``msgstr "INTERVIEWFRAGE`` (no closing quote) as the string ``INTERVIEWFRAG`` and
accepts escapes gettext does not know. This module checks a PO file the way ``msgfmt --check``
reads it: strings closed on their line, escapes gettext knows, keywords in an order that makes
entries (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]), no entry twice, and a translation
that begins and ends with a line break exactly when its msgid does. Before that, the file must
be UTF-8 (by its header and by its bytes); after Babel has read it, no translation may hold an
invisible control character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deck.errors import Problem, suggest

KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_ESCAPE = re.compile(r"\\(?:[ntbrfva\\\"'?]|[0-7]{1,3}|x[0-9a-fA-F]+)")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INDEX = re.compile(r"\s*\[\s*(\d+)\s*\]")
_UNESCAPE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
PREFIX = "PO syntax error: "
_CHARSET = re.compile(rb'^"Content-Type:[^"]*charset=([^"\\ ;]+)', re.IGNORECASE | re.MULTILINE)
# Control characters cannot be printed and have no place in a translation (a PO string can hold
# them as escapes); newlines and tabs are ordinary PO text.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decoded(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a PO file, or the problem: a header declaring another charset than UTF-8, or bytes that are not UTF-8.

    Accepting a declared Latin-1 would let a file whose bytes are UTF-8 print as mojibake; deck
    writes UTF-8, and so do Poedit and Weblate.
    """
    declared = _CHARSET.search(raw)
    name = declared.group(1).decode("ascii", "replace") if declared else ""
    if declared and name.lower().replace("-", "") not in ("utf8", "charset"):  # CHARSET: gettext's placeholder
        line = raw[: declared.start()].count(b"\n") + 1
        return None, [Problem(shown, line, "", f"the header declares charset={name}; deck reads PO files as UTF-8: "
                                               f"save the file as UTF-8 and write charset=UTF-8 in the header")]
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file "
                                               f"as UTF-8")]


def invisible_problems(catalog, shown: str) -> list[Problem]:
    """Translations holding an invisible control character, each at its entry's line."""
    problems = []
    for message in catalog:
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        bad = next((m for s in strings if s for m in [_INVISIBLE.search(s)] if m), None)
        if message.id and bad:
            name = message.context or (message.id[0] if isinstance(message.id, tuple) else message.id)
            problems.append(Problem(shown, message.lineno or 0, name,
                                    f"invisible control character U+{ord(bad.group()):04X} in the translation; delete it"))
    return problems


@dataclass
class _Token:
    kind: str  # a keyword, "msgstr[]" (with index), or "string"
    line: int
    value: str = ""
    index: int | None = None
    obsolete: bool = False


class _Lexer:
    """Tokens of a PO file, line by line (a PO string never spans lines); errors as (line, message)."""

    def __init__(self) -> None:
        self.tokens: list[_Token] = []
        self.errors: list[tuple[int, str]] = []

    def line(self, text: str, number: int) -> None:
        text = text.lstrip()
        obsolete = False
        if text.startswith("#"):
            if text.startswith("#~"):
                obsolete, text = True, text[2:]
                if text.startswith("|"):
                    text = text[1:]  # an obsolete entry's previous msgid: checked as text, not as an entry
                    self._tokens(text, number, obsolete, keep=False)
                    return
            elif text.startswith("#|"):
                self._tokens(text[2:], number, False, keep=False)  # the Dutch a fuzzy translation was made from
                return
            else:
                return  # a comment: translator's note, reference, flags
        self._tokens(text, number, obsolete, keep=True)

    def _tokens(self, text: str, number: int, obsolete: bool, keep: bool) -> None:
        pos = 0
        while pos < len(text):
            ch = text[pos]
            if ch in " \t\r\f\v":
                pos += 1
            elif ch == '"':
                end, value = self._string(text, pos, number)
                if keep:
                    self.tokens.append(_Token("string", number, value, obsolete=obsolete))
                pos = end
            elif _WORD.match(text, pos):
                word = _WORD.match(text, pos).group()
                pos += len(word)
                if word not in KEYWORDS:
                    hint = suggest(word, KEYWORDS)
                    self.errors.append((number, f"unknown keyword '{word}'{hint}: an entry has msgctxt, msgid, "
                                                f"msgid_plural and msgstr lines, each followed by text in quotes"))
                    return
                index = _INDEX.match(text, pos) if word == "msgstr" else None
                if index:
                    pos = index.end()
                if keep:
                    self.tokens.append(_Token("msgstr[]" if index else word, number,
                                              index=int(index.group(1)) if index else None, obsolete=obsolete))
            else:
                shown = f"byte 0x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else f"'{ch}'"
                self.errors.append((number, f"unexpected {shown}: a line holds a keyword (msgid, msgstr ...) and text "
                                            f"in double quotes, or starts with # as a comment"))
                return

    def _string(self, text: str, start: int, number: int) -> tuple[int, str]:
        """The end of the string opening at ``start`` and its text; an unclosed string or unknown escape is an error.

        After an error the string still counts (to the end of the line), so one mistake is reported once.
        """
        pos, out = start + 1, []
        while pos < len(text):
            ch = text[pos]
            if ch == '"':
                return pos + 1, "".join(out)
            if ch == "\\":
                escape = _ESCAPE.match(text, pos)
                if escape is None:
                    shown = text[pos:pos + 2].rstrip()
                    self.errors.append((number, f"'{shown}' is not an escape gettext knows: inside quotes write \\\\ "
                                                f"for a backslash, \\\" for a quote and \\n for a line break"))
                    out.append(shown)
                    pos += len(shown)
                    continue
                out.append(_unescape(escape.group()))
                pos = escape.end()
                continue
            out.append(ch)
            pos += 1
        self.errors.append((number, 'the text in quotes is not closed on this line: end it with a " '
                                    '(continue a long text on the next line in quotes of its own)'))
        return pos, "".join(out)


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        body = m.group()[1:]
        if body in _UNESCAPE:
            return _UNESCAPE[body]
        if body[0] in "01234567":
            return chr(int(body, 8))
        if body[0] == "x":
            return chr(int(body[1:], 16))
        return body
    return _ESCAPE.sub(one, text)


@dataclass
class _Entry:
    line: int
    obsolete: bool
    context: str | None = None
    msgid: str | None = None
    plural: str | None = None
    strings: dict | None = None  # index (None for a plain msgstr) -> text


class _Parser:
    """Entries from tokens, with msgfmt's grammar errors in plain words."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.errors: list[tuple[int, str]] = []
        self.entries: list[_Entry] = []

    def _strings(self, keyword: _Token) -> str | None:
        """The string list after ``keyword``, joined; None (and an error) when there is none."""
        parts = []
        while self.pos < len(self.tokens) and self.tokens[self.pos].kind == "string":
            parts.append(self.tokens[self.pos].value)
            self.pos += 1
        if not parts:
            name = keyword.kind if keyword.kind != "msgstr[]" else f"msgstr[{keyword.index}]"
            self.errors.append((keyword.line, f"{name} needs its text in double quotes on the same line, e.g. {name} \"\""))
            return None
        return "".join(parts)

    def parse(self) -> list[_Entry]:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token.kind == "string":
                self.errors.append((token.line, "text in quotes that belongs to no keyword: start the entry with msgid, "
                                                "or join the text to the line above"))
                self._skip_to_entry()
            elif token.kind in ("msgctxt", "msgid"):
                self._entry()
            else:
                name = token.kind if token.kind != "msgstr[]" else f"msgstr[{token.index}]"
                self.errors.append((token.line, f"{name} without a msgid before it: every entry starts with msgid "
                                                f"(after an optional msgctxt)"))
                self.pos += 1
                self._skip_to_entry()
        return self.entries

    def _skip_to_entry(self) -> None:
        while self.pos < len(self.tokens) and self.tokens[self.pos].kind not in ("msgctxt", "msgid"):
            self.pos += 1

    def _next(self, *kinds: str) -> _Token | None:
        if self.pos < len(self.tokens) and self.tokens[self.pos].kind in kinds:
            self.pos += 1
            return self.tokens[self.pos - 1]
        return None

    def _entry(self) -> None:
        first = self.tokens[self.pos]
        entry = _Entry(first.line, first.obsolete)
        ctxt = self._next("msgctxt")
        if ctxt is not None:
            entry.context = self._strings(ctxt)
        msgid = self._next("msgid")
        if msgid is None:
            self.errors.append((first.line, "msgctxt without a msgid after it: add the msgid line"))
            self._skip_to_entry()
            return
        entry.line = msgid.line
        entry.msgid = self._strings(msgid)
        plural = self._next("msgid_plural")
        if plural is not None:
            entry.plural = self._strings(plural)
        entry.strings = {}
        if plural is None:
            msgstr = self._next("msgstr")
            if msgstr is None:
                indexed = self._next("msgstr[]")
                why = ("msgstr[N] is only for entries with msgid_plural: write msgstr \"...\"" if indexed is not None
                       else "msgid without msgstr: add a msgstr line after it (msgstr \"\" while untranslated)")
                self.errors.append(((indexed or msgid).line, why))
                self._skip_to_entry()
                return
            entry.strings[None] = self._strings(msgstr)
        else:
            expected = 0
            while (form := self._next("msgstr[]", "msgstr")) is not None:
                if form.kind == "msgstr":
                    self.errors.append((form.line, "an entry with msgid_plural has msgstr[0], msgstr[1] ... instead of msgstr"))
                elif form.index != expected:
                    self.errors.append((form.line, f"msgstr[{form.index}] where msgstr[{expected}] is due: number the "
                                                   f"plural forms 0, 1, 2 ... in order"))
                entry.strings[form.index] = self._strings(form)
                expected += 1
            if expected == 0:
                self.errors.append((plural.line, "msgid_plural without msgstr[0]: add msgstr[0] \"\" and msgstr[1] \"\" "
                                                 "(one per plural form of the language)"))
        self._skip_to_entry_end()
        self.entries.append(entry)

    def _skip_to_entry_end(self) -> None:
        """Keywords left over inside an entry (a second msgid_plural, a msgstr twice) are errors."""
        while self.pos < len(self.tokens) and self.tokens[self.pos].kind not in ("msgctxt", "msgid", "string"):
            token = self.tokens[self.pos]
            name = token.kind if token.kind != "msgstr[]" else f"msgstr[{token.index}]"
            self.errors.append((token.line, f"a second {name} in the same entry: an entry has one of each; start a new "
                                            f"entry with msgid"))
            self.pos += 1
            while self.pos < len(self.tokens) and self.tokens[self.pos].kind == "string":
                self.pos += 1


def _consistency(entries: list[_Entry]) -> list[tuple[int, str]]:
    """No entry twice; a translation begins and ends with a line break exactly when its msgid does."""
    errors = []
    seen: dict[tuple, int] = {}
    for e in entries:
        if e.msgid is None:
            continue
        key = (e.obsolete, e.context, e.msgid)
        if key in seen:
            errors.append((e.line, f"the same entry (msgctxt and msgid) as on line {seen[key]}: keep one of the two"))
        else:
            seen[key] = e.line
        if e.obsolete or e.msgid == "":
            continue
        for index, text in (e.strings or {}).items():
            if not text:
                continue
            source = e.msgid if not index else (e.plural or e.msgid)
            name = "msgstr" if index is None else f"msgstr[{index}]"
            for where, test in (("begin", str.startswith), ("end", str.endswith)):
                if test(source, "\n") != test(text, "\n"):
                    has, lacks = ("msgid", name) if test(source, "\n") else (name, "msgid")
                    errors.append((e.line, f"{has} {where}s with a line break (\\n) and {lacks} does not: "
                                           f"make both {where} alike"))
    return errors


def syntax_problems(text: str, file: str) -> list[Problem]:
    """Every PO syntax error in ``text`` that ``msgfmt --check`` would report, as problems located in ``file``."""
    lexer = _Lexer()
    # Lines end at \n only (as for msgfmt): str.splitlines() would also break at U+0085 and U+2028 inside a string.
    for number, line in enumerate(text.split("\n"), 1):
        lexer.line(line.removesuffix("\r"), number)
    active = _Parser([t for t in lexer.tokens if not t.obsolete])
    obsolete = _Parser([t for t in lexer.tokens if t.obsolete])
    entries = active.parse() + obsolete.parse()
    errors = lexer.errors + active.errors + obsolete.errors + _consistency(entries)
    return [Problem(file, line, "", PREFIX + message) for line, message in sorted(set(errors))]
