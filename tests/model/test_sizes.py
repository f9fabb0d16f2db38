"""The card-size table: the card number follows the band, so its digits stay inside the safe zone."""

from __future__ import annotations

import pytest

from deck.model.sizes import CARD_SIZES

CAP_HEIGHT_EM = 0.75  # Inter's figures are about 0.73 em tall


@pytest.mark.parametrize("size", CARD_SIZES.values(), ids=list(CARD_SIZES))
def test_the_card_number_is_as_large_as_the_band_allows(size):
    # The number's digits stand number_bottom above the band's edge and end a safe zone below the trim;
    # they are 2.6 times the text size where the band has room for that, smaller on short bands.
    room_mm = size.band - size.safe - size.number_bottom
    digits_mm = size.number_pt * CAP_HEIGHT_EM / 72 * 25.4
    assert digits_mm <= room_mm + 0.005
    assert size.number_pt == round(min(2.6 * size.font_pt, room_mm / CAP_HEIGHT_EM / 25.4 * 72), 2)

