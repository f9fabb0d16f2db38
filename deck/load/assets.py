"""Logos and fonts that a profile or a language brings, checked before anything decodes them.

A logo is checked for its pixel size (and, as SVG, for entities, depth, self-references, outside
files and embedded images) from its header and structure, so a decompression bomb, a 1 × 1,000,000
drawing or an endless ``<use>`` is a clear problem in ``deck check`` instead of a crash, a
memory error or a stopped worker in the build. Fonts must be fonts fontTools can read.
"""

from __future__ import annotations

import base64
import io
import os
import re
import struct
import warnings
from pathlib import Path
from types import SimpleNamespace

from deck.files import Unreadable, read_regular

MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 16_000_000  # 4000 × 4000, about 64 MB decoded; print needs 1600 px across
RASTER_WIDTH = 1600  # an SVG logo is rasterised this wide for print files (render.logo)
MAX_SVG_ELEMENTS = 10_000  # a logo has a few hundred at most
MAX_SVG_DEPTH = 40
MAX_SVG_DRAWN = 100_000  # elements once every <use> is expanded
MAX_FONT_BYTES = 30_000_000  # large CJK fonts are about 20 MB
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG"}
SCALE_DOWN = f"a logo needs about {RASTER_WIDTH} px across: scale it down"


class _Refused(Exception):
    pass


def logo_problem(path: Path, inside: Path, folder: str = "the organisation folder") -> str | None:
    """What makes ``path`` unusable as a logo (a sentence after its name), or None when it is fine."""
    try:
        raw = read_regular(path, MAX_LOGO_BYTES, inside, folder, what="logo")
    except Unreadable as exc:
        return exc.reason
    try:
        if path.suffix.lower() == ".svg":
            _check_svg(raw)
        else:
            _check_raster(raw, {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}.get(path.suffix.lower(), "PNG"))
    except _Refused as exc:
        return str(exc)
    return None


def raster_size(path: Path, inside: Path, folder: str = "the organisation folder") -> tuple[int, int] | None:
    """Width and height in pixels of a raster logo that logo_problem accepted (read from its header)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(read_regular(path, MAX_LOGO_BYTES, inside, folder, what="logo"))) as image:
            return image.size
    except (Unreadable, OSError, ValueError):
        return None


def _png_size(raw: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, read without decoding anything."""
    if raw[:8] == b"\x89PNG\r\n\x1a\n" and raw[12:16] == b"IHDR" and len(raw) >= 24:
        return struct.unpack(">II", raw[16:24])
    return None


def _check_raster(raw: bytes, kind: str) -> None:
    from PIL import Image, UnidentifiedImageError

    size = _png_size(raw)
    if size and size[0] * size[1] > MAX_LOGO_PIXELS:
        raise _Refused(f"is {size[0]:,} × {size[1]:,} pixels, over the limit of {MAX_LOGO_PIXELS:,} pixels; {SCALE_DOWN}")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Pillow's own bomb warning is a refusal here, never printed
        try:
            with Image.open(io.BytesIO(raw)) as image:
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise _Refused(f"is {width:,} × {height:,} pixels, over the limit of {MAX_LOGO_PIXELS:,} pixels; "
                                   f"{SCALE_DOWN}")
                image.verify()
                found = image.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _Refused(f"has over {MAX_LOGO_PIXELS:,} pixels; {SCALE_DOWN}") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, Warning):
            found = None
    if found != kind:
        raise _Refused(f"is not a readable {kind} image")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def _check_svg(raw: bytes) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise _Refused("declares a DOCTYPE or XML entities, which a logo does not need; save the SVG without them "
                       "(e.g. as plain SVG from your drawing program)") from None
    except (ParseError, ValueError) as exc:
        raise _Refused(f"is not readable SVG ({exc})") from None
    if _local(root.tag) != "svg":
        raise _Refused(f"is not an SVG image (its outer element is <{_local(root.tag)}>, not <svg>)")
    ids: dict[str, object] = {}
    stack, count = [(root, 1)], 0
    while stack:
        element, depth = stack.pop()
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise _Refused(f"has more than {MAX_SVG_ELEMENTS:,} elements; a logo needs far fewer: simplify it")
        if depth > MAX_SVG_DEPTH:
            raise _Refused(f"nests elements more than {MAX_SVG_DEPTH} levels deep; a logo needs far fewer: simplify it")
        if element.get("id"):
            ids[element.get("id")] = element
        for name, value in element.attrib.items():
            if _local(name) == "href":
                _check_reference(value.strip())
            elif "url(" in value.lower():
                for target in _CSS_URL.findall(value):
                    _check_reference(target)
        if _local(element.tag) == "style" and element.text:
            if "@import" in element.text.lower():
                raise _Refused("imports a stylesheet (@import); put its styles into the SVG itself")
            for target in _CSS_URL.findall(element.text):
                _check_reference(target)
        stack.extend((child, depth + 1) for child in element)
    _check_uses(root, ids)
    _check_size(raw)


def _check_reference(target: str) -> None:
    """A reference inside an SVG logo: to its own elements, or an embedded PNG or JPEG image of bounded size."""
    if not target or target.startswith("#"):
        return
    if target.lower().startswith("data:"):
        head, _, data = target[5:].partition(",")
        kind = IMAGE_TYPES.get(head.split(";")[0].strip().lower())
        if kind is None or ";base64" not in head.lower():
            raise _Refused(f"embeds data of type '{head.split(';')[0] or 'text/plain'}'; an SVG logo may embed only "
                           f"base64 PNG or JPEG images")
        try:
            image = base64.b64decode(re.sub(r"\s+", "", data), validate=True)
        except ValueError:
            raise _Refused("embeds an image whose base64 data is damaged") from None
        try:
            _check_raster(image, kind)
        except _Refused as exc:
            raise _Refused(f"embeds an image that {exc}") from None
        return
    shown = target if len(target) <= 200 else target[:197] + "..."
    raise _Refused(f"refers to another file or address ('{shown}'); put everything the logo shows into the SVG "
                   f"file itself")


def _check_uses(root, ids: dict[str, object]) -> None:
    """Every <use> expanded: no element may (indirectly) use itself, and the drawing stays bounded."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def drawn(element, depth: int) -> int:
        key = id(element)
        if key in memo:
            return memo[key]
        if key in active:
            raise _Refused("has a <use> element that refers to itself or to an element around it, an endless "
                           "drawing; remove that <use>")
        if depth > 4 * MAX_SVG_DEPTH:
            raise _Refused(f"chains <use> references more than {4 * MAX_SVG_DEPTH} levels deep; simplify it")
        active.add(key)
        total = 1 + sum(drawn(child, depth + 1) for child in element)
        if _local(element.tag) == "use":
            href = next((v for k, v in element.attrib.items() if _local(k) == "href"), "").strip()
            target = ids.get(href[1:]) if href.startswith("#") else None
            if target is not None:
                total += drawn(target, depth + 1)
        active.discard(key)
        if total > MAX_SVG_DRAWN:
            raise _Refused(f"draws more than {MAX_SVG_DRAWN:,} elements once its <use> references are expanded; "
                           f"simplify it")
        memo[key] = total
        return total

    drawn(root, 1)


def _check_size(raw: bytes) -> None:
    """The size cairosvg will give the logo when it rasterises it RASTER_WIDTH px across for print."""
    from cairosvg.helpers import node_format
    from cairosvg.parser import Tree

    try:
        tree = Tree(bytestring=raw, unsafe=False)
        surface = SimpleNamespace(dpi=96, font_size=12, context_width=0, context_height=0)
        width, height, _ = node_format(surface, tree)
    except Exception as exc:  # noqa: BLE001 - cairosvg raises many kinds on odd sizes; all mean the same here
        raise _Refused(f"has a size deck cannot read ({type(exc).__name__}); give the <svg> element a plain "
                       f"viewBox, e.g. viewBox=\"0 0 400 120\"") from None
    if not (width > 0 and height > 0):
        raise _Refused("has no size; give the <svg> element a viewBox, e.g. viewBox=\"0 0 400 120\"")
    tall = RASTER_WIDTH * height / width
    if tall < 1 or RASTER_WIDTH * tall > MAX_LOGO_PIXELS:
        raise _Refused(f"is {width:g} × {height:g}, too narrow or too tall for a logo (at {RASTER_WIDTH} px across it "
                       f"would be {tall:,.4g} px tall); give it the proportions of the logo, e.g. viewBox=\"0 0 400 120\"")


_checked_fonts: dict[tuple, str | None] = {}  # (file, folder, size, mtime) -> problem: a language is loaded per output


def font_problem(path: Path, inside: Path, folder: str) -> str | None:
    """What makes ``path`` unusable as a font (a sentence after its name), or None when fontTools reads it."""
    try:
        st = os.stat(path)
        key = (str(path), str(inside), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None
    if key not in _checked_fonts:
        problem = _font_problem(path, inside, folder)
        if key is None:
            return problem
        _checked_fonts[key] = problem
    return _checked_fonts[key]


def _font_problem(path: Path, inside: Path, folder: str) -> str | None:
    try:
        raw = read_regular(path, MAX_FONT_BYTES, inside, folder, what="font file")
    except Unreadable as exc:
        return exc.reason
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(raw), lazy=True)
        if font.getBestCmap() is None or not ({"glyf", "CFF ", "CFF2"} & set(font.keys())):
            raise ValueError("no character map or no glyphs")
        font["head"], font["name"]  # noqa: B018 - decoding them is the check
    except Exception:  # noqa: BLE001 - fontTools raises many kinds on damaged files
        return ("is not a font deck can use (damaged, or not an OpenType, TrueType or WOFF font); "
                "use the font file as its maker publishes it")
    return None
