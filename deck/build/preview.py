"""Previews: PNG images of every card (front and back, cut at the trim) and a contact sheet of the fronts."""

from __future__ import annotations

from pathlib import Path

from deck.errors import BuildError, UsageError

CONTACT_COLUMNS = 5
CONTACT_WIDTH_PX = 300  # width of one front on the contact sheet
CONTACT_GAP_PX = 24
CONTACT_BACKGROUND = (232, 232, 232)


def preview(opts, deck_id: str, out: Path | None = None, dpi: int = 150) -> list[Path]:
    """Render deck ``deck_id`` in screen colours and write its PNG previews; return the files written.

    Files: ``NN-<card>-front.png``, ``NN-<card>-back.png`` and ``contact.png`` in ``out``
    (default ``<opts.out>/<lang>/preview/<deck>``, or ``<opts.out>/<slug>/<lang>/preview/<deck>`` for the
    organisation ``opts.org``, whose effective deck it shows). Layout is the print file's; colours are the
    RGB ones, which is what a screen can show faithfully.
    """
    import pypdfium2 as pdfium

    from deck.build.make import make_deck_job
    from deck.build.plan import Target, check_options, output_dir
    from deck.errors import suggest
    from deck.files import atomic_write, check_out_dir
    from deck.layout.fit import fit_cards
    from deck.load.content import load_content
    from deck.load.language import resolve_languages
    from deck.load.organisation import load_org

    check_options(opts)
    if not 30 <= dpi <= 600:
        raise UsageError(f"--dpi {dpi}: choose between 30 and 600")
    content = load_content(opts.content)
    org = load_org(opts.org, content) if opts.org is not None else None
    decks = org.decks if org is not None else list(content.decks)
    if deck_id not in decks:
        raise UsageError(f"unknown deck '{deck_id}'{suggest(deck_id, decks)} (decks: {', '.join(decks)})")
    lang = resolve_languages(content.root, content.project.language, opts.langs[:1])[0]
    slug = org.slug if org is not None else None
    # The same folder and the same merge as the organisation's build: its cards, order, colours and logo.
    folder = check_out_dir(Path(out) if out else output_dir(opts, lang, slug) / "preview" / deck_id, opts.content,
                           [org.folder] if org is not None else [])
    job = make_deck_job(content, Target("preview", lang, deck_id, folder), opts, org)
    rendered, _ = fit_cards(job, "screen")
    pages = _rasterise(pdfium.PdfDocument(rendered.document.write_pdf()), dpi)
    cards = job.deck.cards
    if len(pages) != 2 * len(cards):
        raise BuildError(f"{job.label}: expected {2 * len(cards)} pages (front and back per card), got {len(pages)}")

    folder.mkdir(parents=True, exist_ok=True)
    for stale in list(folder.glob("[0-9][0-9]*-front.png")) + list(folder.glob("[0-9][0-9]*-back.png")):
        stale.unlink()  # cards that left the deck must not linger as previews
    written = []
    for i, card in enumerate(cards):
        for side, image in (("front", pages[2 * i]), ("back", pages[2 * i + 1])):
            path = folder / f"{i + 1:02d}-{card.id}-{side}.png"
            atomic_write(path, lambda tmp, image=image: image.save(tmp, format="PNG"))
            written.append(path)
    sheet = contact_sheet(pages[0::2])
    path = folder / "contact.png"
    atomic_write(path, lambda tmp: sheet.save(tmp, format="PNG"))
    written.append(path)
    return written


def _rasterise(doc, dpi: int) -> list:
    """Every page as a PIL image, cropped to its TrimBox (the card as it will be cut)."""
    images = []
    for page in doc:
        media, trim = page.get_mediabox(), page.get_trimbox()
        crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
        images.append(page.render(scale=dpi / 72, crop=crop).to_pil().convert("RGB"))
        page.close()
    doc.close()
    return images


def contact_sheet(fronts: list) -> object:
    """All fronts side by side, in rows of five, on a light grey sheet."""
    from PIL import Image

    scale = CONTACT_WIDTH_PX / fronts[0].width
    thumbs = [im.resize((CONTACT_WIDTH_PX, round(im.height * scale)), Image.LANCZOS) for im in fronts]
    cols = min(CONTACT_COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // cols)
    cell_h = max(t.height for t in thumbs)
    gap = CONTACT_GAP_PX
    sheet = Image.new("RGB", (cols * CONTACT_WIDTH_PX + (cols + 1) * gap, rows * cell_h + (rows + 1) * gap), CONTACT_BACKGROUND)
    for i, thumb in enumerate(thumbs):
        row, col = divmod(i, cols)
        sheet.paste(thumb, (gap + col * (CONTACT_WIDTH_PX + gap), gap + row * (cell_h + gap)))
    return sheet
