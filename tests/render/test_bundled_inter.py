"""The bundled Inter, split in two: Inter (Latin subset) and Inter Supplement together have every character the
original Inter 3.019 had, and every font stack names the supplement right after Inter."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from deck.model.language import Language
from deck.paths import BUNDLED_FAMILIES, FONT_STYLES, FONTS
from deck.render.fonts import bundled_families, font_faces, font_stack

ROOT = Path(__file__).resolve().parents[2]

# The characters of the original Inter 3.019 (git 0a5106e0b), the same 2,505 in each of its five files, as code
# point ranges (hex), read once from the files bundled before the split (fonts/inter/README.txt).
ORIGINAL = """
0020-007E 00A0-0148 014A-01C3 01C5-031E 0321-0377 037A-037F 0384-038A 038C 038E-03A1 03A3-03E1 03F0-049D
04A0-04FF 052F 0E3F 1D43 1D47-1D49 1D4D 1D4F-1D50 1D52 1D56-1D58 1D5B 1D62-1D65 1D9C 1DA0 1DBB 1DBF-1DF5
1DFC-1F15 1F18-1F1D 1F20-1F45 1F48-1F4D 1F50-1F57 1F59 1F5B 1F5D 1F5F-1F7D 1F80-1FB4 1FB6-1FC4 1FC6-1FD3
1FD6-1FDB 1FDD-1FEF 1FF2-1FF4 1FF6-1FFE 2000-200B 2010-2027 202F-205F 2070-2071 2074-208E 2090-209C 20A0-20BF
20DB-20DE 20E8 20F0 2100-2101 2103 2105-2106 2109 2113 2116-2117 211E-2123 2126 212A-212B 212E 2132 213B 214D
214F 2153 215A-2188 2190-2199 21A9-21AA 21B0-21B1 21B3-21B5 21BA-21BB 21D0 21D2 21D4 21DE-21DF 21E4-21E5 21E7
21EA 2202 2205-2206 220F 2211-2212 221A 221E 222B 2248 2260 2264-2265 2303 2305 2318 2325-2327 232B 2380 2387
238B 23CE-23CF 2423 2460-2468 24B6-24CF 24EA 25A0-25A2 25AA 25B2-25B3 25B6-25B7 25BA-25BD 25C0-25C1 25C4-25C7
25CA-25CB 25CF 25E6 25EF 2600 2605-2606 263C 2661 2665 26A0 2713 2717 2756 2764 2780-2788 27EF 27F5-27FA 2B06
2B12-2B13 2B1C 2C7C 2C7F 2DFF 2E18 A69F A7FF A92E E000 E002-E080 E093-E096 E0A5-E0E6 E0F3-E11C E11E-E164
EE01-EE05 F6C3 FE20-FE2D FEFF 1F12F-1F149 1F16A-1F16B 1F850 1F852
"""
# The spaces and invisible characters both families have: Pango keeps the font of the word before them.
IN_BOTH = {0x20, 0xA0, 0xAD, 0x34F, *range(0x2000, 0x200C), 0x202F, 0x205F, 0xFEFF}


def code_points(ranges: str) -> set[int]:
    points: set[int] = set()
    for item in ranges.split():
        first, _, last = item.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def cmap(path: Path) -> set[int]:
    return set(TTFont(path).getBestCmap())


STYLES = [name for name, _, _ in FONT_STYLES]


@pytest.mark.parametrize("style", STYLES)
def test_the_two_families_have_every_character_of_the_original_and_no_other(style):
    original = code_points(ORIGINAL)
    assert len(original) == 2505
    inter = cmap(FONTS / "inter" / f"Inter-{style}.otf")
    supplement = cmap(FONTS / "inter" / f"InterSupplement-{style}.otf")
    assert inter | supplement == original
    assert inter & supplement == IN_BOTH
    # Latin, punctuation and symbols stay in Inter; Greek and Cyrillic letters are in the supplement only.
    assert {ord(c) for c in "AzÀÿĳƒǅẞ€…–“”‘’→✓×½"} <= inter
    greek_and_cyrillic = {p for p in original if unicodedata.name(chr(p), "").startswith(("GREEK", "CYRILLIC"))}
    assert len(greek_and_cyrillic) > 550 and greek_and_cyrillic <= supplement - inter


@pytest.mark.parametrize("style", STYLES)
def test_inter_keeps_its_names_and_the_supplement_has_its_own(style):
    inter = TTFont(FONTS / "inter" / f"Inter-{style}.otf")
    supplement = TTFont(FONTS / "inter" / f"InterSupplement-{style}.otf")
    assert inter["name"].getDebugName(6) == f"Inter-{style}" == inter["CFF "].cff.fontNames[0]
    assert supplement["name"].getDebugName(6) == f"InterSupplement-{style}" == supplement["CFF "].cff.fontNames[0]
    assert (inter["name"].getBestFamilyName(), supplement["name"].getBestFamilyName()) == ("Inter", "Inter Supplement")
    for font in (inter, supplement):  # the OFL's conditions: the copyright notice and the licence travel with it
        assert font["name"].getDebugName(5) == "Version 3.019;git-0a5106e0b"
        assert "The Inter Project Authors" in font["name"].getDebugName(0)
        assert "SIL Open Font License, Version 1.1" in font["name"].getDebugName(13)
    assert (FONTS / "inter" / "OFL.txt").is_file()


def test_the_supplement_is_much_smaller_than_inter_was():
    # The point of the split: Inter itself lost the 979 glyphs of Greek, Cyrillic and the rest.
    glyphs = len(TTFont(FONTS / "inter" / "Inter-Regular.otf").getGlyphOrder())
    assert glyphs == 1569


def test_every_character_of_the_shipped_content_and_templates_is_in_inter():
    # Dutch and English builds never need the supplement, so they embed (and subset) Inter alone.
    inter = cmap(FONTS / "inter" / "Inter-Regular.otf")
    files = [*(ROOT / "content").rglob("*.yaml"), *(ROOT / "content").rglob("*.po"),
             *(ROOT / "templates").rglob("*.j2"), *(ROOT / "deck" / "data").rglob("*.yaml")]
    assert len(files) > 20
    outside = {f"{path.relative_to(ROOT)}: {ch} (U+{ord(ch):04X})" for path in files
               for ch in path.read_text(encoding="utf-8") if ch not in "\n\r\t" and ord(ch) not in inter}
    assert not outside, sorted(outside)


def _faces(family: str) -> list:
    return dict(BUNDLED_FAMILIES)[family]


def test_without_a_language_the_bundled_families_come_inter_first():
    assert [family for family, _ in BUNDLED_FAMILIES] == ["Inter", "Inter Supplement"]
    assert font_stack() == '"Inter", "Inter Supplement"'
    faces = [(f["family"], Path(f["url"].removeprefix("file://")), f["weight"], f["style"]) for f in font_faces()]
    assert [(family, path.name, weight, style) for family, path, weight, style in faces[4:6]] == [
        ("Inter", "Inter-BoldItalic.otf", 700, "italic"),
        ("Inter Supplement", "InterSupplement-Regular.otf", 400, "normal")]
    assert len(faces) == 10 and all(path.is_file() for _, path, _, _ in faces)


def test_a_language_file_that_names_inter_alone_gets_the_supplement_right_after_it():
    arabic = ("Noto Sans Arabic", [(FONTS / "noto-sans-arabic" / "NotoSansArabic-Regular.ttf", 400, "normal")])
    inter_only = ("Inter", _faces("Inter")[:1])
    assert font_stack(Language("ru", "Русский", families=[inter_only])) == '"Inter", "Inter Supplement"'
    language = Language("ar", "العربية", "rtl", families=[arabic, inter_only])
    assert font_stack(language) == '"Noto Sans Arabic", "Inter", "Inter Supplement"'
    assert [f["family"] for f in font_faces(language)] == ["Noto Sans Arabic", "Inter"] + ["Inter Supplement"] * 5
    # Named already: not twice. No Inter at all: the language's own fonts alone.
    both = Language("nl", "Nederlands", families=list(BUNDLED_FAMILIES))
    assert font_stack(both) == '"Inter", "Inter Supplement"' and len(font_faces(both)) == 10
    assert font_stack(Language("ar", "العربية", "rtl", families=[arabic])) == '"Noto Sans Arabic"'


@pytest.mark.parametrize("code", ["nl", "en"])
def test_the_shipped_languages_name_the_supplement_after_inter(code):
    from deck.load.language import load_language

    language = load_language(ROOT / "content", code)
    assert [family for family, _ in language.families] == ["Inter", "Inter Supplement"]
    assert [(path.name, weight, style) for path, weight, style in language.families[1][1]] == [
        (f"InterSupplement-{name}.otf", weight, style) for name, weight, style in FONT_STYLES]


def test_pdfs_may_embed_both_families():
    assert {"Inter", "InterSupplement"} <= bundled_families()
