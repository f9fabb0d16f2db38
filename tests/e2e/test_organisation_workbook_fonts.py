"""An organisation's own fonts set its workbook too, as they set its cards: the workbook quotes the cards."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import CONTENT, ROOT, embedded_families, org_with_templates, pdfium_texts

from deck.build.pipeline import build
from deck.build.plan import Options


def test_an_organisations_font_sets_its_workbook_and_is_embedded(tmp_path: Path):
    org = org_with_templates(tmp_path, {})
    (org / "fonts").mkdir()
    # A copy of Inter Bold Italic under a family name of the organisation's own.
    shutil.copy(ROOT / "fonts" / "inter" / "Inter-BoldItalic.otf", org / "fonts" / "Huisletter.otf")
    shutil.copy(ROOT / "fonts" / "inter" / "OFL.txt", org / "fonts" / "OFL.txt")
    profile = org / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + "\nfonts:\n  - {family: Huisletter, file: fonts/Huisletter.otf, licence: fonts/OFL.txt}\n",
                       encoding="utf-8")
    (result,) = build(Options(content=CONTENT, out=tmp_path / "out", org=org, cards=False, jobs=1))
    assert result.status == "built"
    families = embedded_families(result.target.path)
    assert "Huisletter" in families  # the profile's family, first in the workbook's font list
    assert not any(name.startswith("Inter-") for name in families)  # it has every glyph the text needs
    # The colophon credits the typeface the text is set in, and Inter only for characters it lacks
    text = re.sub(r"[\s\u00ad-]+", "", " ".join(pdfium_texts(result.target.path)))
    assert re.sub(r"[\s-]+", "", "Letter: Huisletter, die Wijkteam Lindendal meelevert, en voor tekens die daarin "
                  "ontbreken Inter, van Rasmus Andersson, onder de SIL Open Font License 1.1.") in text
    assert "Letter:Inter" not in text
