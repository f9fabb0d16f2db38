"""Make the bundled Inter faces from the original Inter 3.019: a Latin subset, Inter, and the rest, Inter Supplement.

The original files (Inter 3.019, git 0a5106e0b: fonts/inter/ in this repository's history before the split,
e.g. `git show 2ad41a9:fonts/inter/Inter-Regular.otf`, or the Inter 3.19 release) are checked by their SHA-256,
subset with fontTools' pyftsubset and written to fonts/inter/:

    .venv/bin/python tools/subset_inter.py ORIGINALS_DIR [--out fonts/inter]

Inter-<Style>.otf keeps the Latin script and the script-neutral characters (punctuation, symbols, arrows,
mathematical operators, shapes, ligatures) under its own names; InterSupplement-<Style>.otf keeps every other
character of the original (Greek, Cyrillic, IPA, enclosed letters and digits, private use, combining marks for
symbols) under the family name "Inter Supplement". Together they cover exactly the original's characters
(tests/render/test_bundled_inter.py). fonts/inter/README.txt says why and how.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The original files: SHA-256 of each, as bundled until the split (all five have the same 2,505 characters).
ORIGINALS = {
    "Inter-Regular.otf": "a7e791e8f5a0fb02b65663f7fca73e1d1ca9543f772ad480cbd76f4e3fe3f8cc",
    "Inter-Italic.otf": "45ecfe6cbadfd4803de6214e02c336a95163a7703973bc8a5ce7ac2d174ecaf7",
    "Inter-SemiBold.otf": "8c1990b6012254ea2b487161697d107357dd0ee55811cfd91c8c11227bbef457",
    "Inter-Bold.otf": "1e9dfd6a6e33ac63a8fe3b4ed7ae0df9eac2d0b25e444e8e7daef4ac77943fc1",
    "Inter-BoldItalic.otf": "db4356b780ed61e0d0597a07566bef5bd7497d6f0edc2d88dbf8deaedaf1ace4",
}

# Inter: Latin, and the punctuation, symbols and marks any Latin text may use (mostly whole Unicode blocks).
LATIN = ("U+0000-024F,U+0259,U+02B0-036F,U+1D00-1DBF,U+1E00-1EFF,U+2000-20CF,U+2100-243F,U+25A0-27FF,"
         "U+2B00-2BFF,U+2C60-2C7F,U+2E00-2E7F,U+A720-A7FF,U+FB00-FB06,U+FEFF")
# Inter Supplement: everything else the original has, and the spaces and invisible format characters (Pango does
# not change fonts for those, so a Greek word's following space is set in this family).
SPACES = "U+0020,U+00A0,U+00AD,U+034F,U+2000-200B,U+202F,U+205F,U+FEFF"
SUPPLEMENT = (SPACES + ",U+0250-0258,U+025A-02AF,U+0370-052F,U+0E3F,U+1DC0-1DFF,U+1F00-1FFF,U+20D0-20FF,U+2460-24FF,"
              "U+2DE0-2DFF,U+A640-A69F,U+A900-A92F,U+E000-F8FF,U+FE20-FE2F,U+1F100-1F1FF,U+1F800-1F8FF")
# Kept in both: every OpenType feature, every name record, the .notdef outline and the glyph names.
OPTIONS = ["--layout-features=*", "--name-IDs=*", "--name-languages=*", "--notdef-outline", "--glyph-names"]
SUPPLEMENT_FAMILY = "Inter Supplement"


def pyftsubset_args(original: Path, unicodes: str, output: Path) -> list[str]:
    """The pyftsubset command line (without 'pyftsubset') that makes ``output`` from ``original``."""
    return [str(original), f"--unicodes={unicodes}", *OPTIONS, f"--output-file={output}"]


def rename(path: Path, family: str) -> None:
    """Give a subset its own family and PostScript names ('Inter Supplement', 'InterSupplement-Bold'); rest as is."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, recalcTimestamp=False)  # the same bytes on every run
    name = font["name"]
    old_ps = name.getDebugName(6)  # 'Inter-Bold'
    style = old_ps.split("-", 1)[1]
    ps = family.replace(" ", "") + "-" + style
    for record in name.names:
        text = record.toUnicode()
        if record.nameID in (1, 4, 16):  # family, full name, typographic family: 'Inter' -> 'Inter Supplement'
            record.string = text.replace("Inter", family, 1)
        elif record.nameID in (3, 6):  # unique id 'Inter-Bold:2021:0a5106e0b', PostScript name 'Inter-Bold'
            record.string = text.replace(old_ps, ps, 1)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    cff.fontNames = [ps]
    top.FullName = top.FullName.replace("Inter", family, 1)
    top.FamilyName = top.FamilyName.replace("Inter", family, 1)
    font.save(path)


def main(argv: list[str] | None = None) -> int:
    from fontTools import subset

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("originals", type=Path, help="folder with the original Inter 3.019 .otf files")
    parser.add_argument("--out", type=Path, default=ROOT / "fonts" / "inter",
                        help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    wrong = [f"{file}: not the original Inter 3.019 file" for file, digest in ORIGINALS.items()
             if not (args.originals / file).is_file()
             or hashlib.sha256((args.originals / file).read_bytes()).hexdigest() != digest]
    if args.out.resolve() == args.originals.resolve():
        wrong.append(f"{args.out}: write the new files elsewhere than the originals (they are read twice)")
    if wrong:
        print("\n".join(wrong), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for file in ORIGINALS:
        original = args.originals / file
        subset.main(pyftsubset_args(original, LATIN, args.out / file))
        supplement = args.out / file.replace("Inter-", SUPPLEMENT_FAMILY.replace(" ", "") + "-")
        subset.main(pyftsubset_args(original, SUPPLEMENT, supplement))
        rename(supplement, SUPPLEMENT_FAMILY)
        print(f"written  {args.out / file}  {supplement}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
