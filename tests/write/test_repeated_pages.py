"""A deck's shared back is drawn and written once: its pages share one content stream."""

from __future__ import annotations

import pikepdf
from helpers import CONTENT, box_mm, page_texts, read_yaml


def test_the_shared_back_is_one_content_stream_behind_a_page_per_card(built):
    cards = read_yaml(CONTENT / "decks" / "vuistregels.yaml")["cards"]
    with pikepdf.open(built / "vuistregels.print.pdf") as pdf:
        pages = list(pdf.pages)
        assert len(pages) == 2 * len(cards)
        assert len({page.objgen for page in pages}) == len(pages)  # every page its own page object
        backs = {page.obj.Contents.objgen for page in pages[1::2]}
        fronts = {page.obj.Contents.objgen for page in pages[0::2]}
        assert len(backs) == 1 and len(fronts) == len(cards) and not backs & fronts
        for page in pages:
            assert [round(v, 1) for v in box_mm(page, "/TrimBox")] == [0.0, 0.0, 105.0, 148.0]
        with pdf.open_outline() as outline:  # bookmarks still lead to the fronts
            assert [pages.index(pikepdf.Page(item.destination[0])) for item in outline.root] == \
                list(range(0, 2 * len(cards), 2))[:len(outline.root)]
    texts = page_texts(built / "vuistregels.print.pdf")
    assert len(set(texts[1::2])) == 1 and "Vijf vuistregels" in texts[1]
