"""PyYAML's syntax errors in plain words: where the mistake is and how to fix it."""

from __future__ import annotations

import yaml

INDENT = "the indentation of this line does not match the lines around it; line it up with the keys or items it belongs with"
QUOTE = "put the whole value in quotes"


# (words in PyYAML's problem text, our explanation); the first match wins.
_HINTS = [
    ("'\\t'", "a tab character; use spaces, not tabs, to indent"),
    ("tab", "a tab character; use spaces, not tabs, to indent"),
    ("mapping values are not allowed here", f"a ': ' in the middle of a value, or a line indented too far; {QUOTE} "
                                            f"(\"...\"), or fix the indentation"),
    ("could not find expected ':'", "this line is neither 'key: value' nor '- item'; add the missing ':', or if it "
                                    "continues the text above, indent it under its key"),
    ("found unexpected end of stream", "a quote opened here is never closed; add the closing quote"),
    ("unknown escape character", "inside \"double quotes\" a backslash starts an escape; write \\\\ for a backslash, "
                                 "or use 'single quotes'"),
    ("undefined alias", "'*' starts a reference to an anchor (&name) that does not exist; if you meant a '*', "
                        f"{QUOTE}"),
    ("expected alphabetic or numeric character", f"a value starting with '*' or '&' is a YAML reference; {QUOTE}"),
    ("that cannot start any token", f"a value cannot start with this character; {QUOTE}"),
    ("duplicate anchor", "the same anchor (&name) is defined twice; rename one"),
    ("expected chomping or indentation indicators", "after '|' or '>' the text must start on the next line"),
    ("expected ',' or ']'", "a list opened with '[' is not closed with ']', or a value in it contains ':' or ','; "
                            "close the list, or put such values in quotes"),
    ("expected ',' or '}'", "a mapping opened with '{' is not closed with '}', or a value in it contains ':' or ','; "
                            "close it, or put such values in quotes"),
    ("expected a comment or a line break", f"there is text after a closing quote; {QUOTE}, including that text"),
    ("but found '<scalar>'", f"text follows a value that was already complete (after a closing quote?); {QUOTE}"),
    ("expected <block end>", INDENT),
    ("expected '<document start>'", INDENT),
    ("did not find expected key", INDENT),
    ("did not find expected '-' indicator", INDENT),
    ("did not find expected node content", f"a value is missing or starts with a special character; {QUOTE}"),
]


def explain(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line to blame and a message saying what is wrong and what to do."""
    problem = exc.problem or exc.context or "invalid YAML"
    # A scanner error ("while scanning a quoted scalar") is best located where the token
    # started; a parser error where the unexpected token was found.
    mark = exc.problem_mark
    if exc.context_mark and (exc.context or "").startswith("while scanning"):
        mark = exc.context_mark
    mark = mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    apostrophe = _apostrophe(exc.problem_mark)
    if apostrophe:
        return line, apostrophe
    hint = next((h for words, h in _HINTS if words in problem), "check the quoting and indentation around this line")
    return line, f"YAML syntax error: {problem.rstrip('.')}: {hint}"


def _apostrophe(mark) -> str | None:
    """Advice for an apostrophe inside 'single quotes' (`'met z'n allen'`), which closes the text early."""
    buffer = getattr(mark, "buffer", None)
    if not buffer or mark.pointer < 1 or buffer[mark.pointer - 1] != "'":
        return None
    start = buffer.rfind("\n", 0, mark.pointer) + 1
    end = buffer.find("\n", mark.pointer)
    text = buffer[start:end if end >= 0 else len(buffer)]
    opening = text.find("'")
    if opening < 0 or opening >= mark.pointer - 1 - start:
        return None
    if "[" in text[:opening] or "{" in text[:opening]:  # inside a [list]: the value's end is not the line's
        return ("an apostrophe (') inside 'single quotes' ends the text early: the text is quoted already, so write "
                "every apostrophe inside it twice (z''n), or put the text in double quotes")
    value = text[opening:].rstrip()
    inner = value[1:-1] if len(value) > 1 and value.endswith("'") else value[1:]
    doubled = "'" + inner.replace("''", "'").replace("'", "''") + "'"
    advice = f"write every apostrophe inside it twice, {doubled}"
    if '"' not in inner:
        advice += f", or put the text in double quotes, \"{inner.replace(chr(39) * 2, chr(39))}\""
    return (f"an apostrophe (') inside 'single quotes' ends the text early: the text is quoted already, so "
            f"{advice}")


def explain_reader(exc: yaml.reader.ReaderError, text: str) -> tuple[int, str]:
    """A forbidden character (NUL, a control code) with its line and how to remove it."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return line, (f"invisible control character U+{code:04X} at column {column}; delete it "
                  f"(it often comes from copying text out of another program)")
