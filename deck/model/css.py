"""CSS string literals: any text quoted so that it stays one string, also inside an HTML <style> element."""

from __future__ import annotations

# Characters written as CSS escapes: those that end the string (quotes, backslash, line breaks),
# those the HTML parser acts on inside <style> ('<' of "</style>", '&'), and other controls.
_ESCAPED = frozenset('"\'\\<>&') | {chr(c) for c in range(0x20)} | {"\x7f"}


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string: '</style><h1>' becomes "\\00003c/style\\00003e\\00003ch1\\00003e".

    Six-digit escapes need no terminating space, so no following character can change them.
    """
    return '"' + "".join(f"\\{ord(ch):06x}" if ch in _ESCAPED else ch for ch in str(text)) + '"'
