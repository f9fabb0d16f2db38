"""Load organisation.yaml, check it against the shared content and resolve its files."""

from __future__ import annotations

from pathlib import Path

from deck import paths
from deck.errors import ContentError, Problem, UsageError, display_path, suggest
from deck.limits import MAX_CARDS_PER_DECK
from deck.load.assets import font_problem, logo_problem, raster_size
from deck.load.content import check_unique
from deck.load.problems import validate
from deck.load.yamlfile import Located, format_path, load_yaml
from deck.model.content import Content
from deck.model.deck import Card
from deck.model.organisation import (
    ACCENT,
    CARD_TEXT_FIELDS,
    DECK_OVERRIDE_FIELDS,
    FONT_TYPES,
    LOGO_TYPES,
    ORG_FILE,
    PARTIAL_PREFIX,
    CardOverride,
    DeckOverride,
    Org,
    OrgFile,
    OrgWorkbook,
)

SLUG_MAX = 64  # characters of a folder name made from an organisation's name


def slugify(name: str) -> str:
    """'Buurtteam Ærøskøbing-Noord' -> 'buurtteam-aeroskobing-noord': ASCII letters and digits joined by hyphens.

    python-slugify transliterates every script (text-unidecode): 'Ομάδα Αθήνας' -> 'omada-athenas'.
    """
    from slugify import slugify as transliterate

    return transliterate(name, max_length=SLUG_MAX, word_boundary=True)


def is_language(code: str) -> bool:
    """Whether ``code`` names a language Babel knows ('en', 'pt-BR'), for per-language override blocks."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code, sep="-" if "-" in code else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


class _Checker:
    """Collects the problems of one profile, each at the line of the key it concerns."""

    def __init__(self, src: Located, folder: Path):
        self.src = src
        self.folder = folder
        self.real_folder = paths.real(folder)
        self.problems: list[Problem] = []

    def bad(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.src.file, self.src.line_of(path), format_path(path), message))

    def bad_file(self, file: Path, message: str) -> None:
        self.problems.append(Problem(display_path(file), 0, "", message))

    def known(self, path: tuple, value: str, choices, what: str) -> bool:
        """Report ``value`` as an unknown ``what`` with the closest choice, unless it is one of them."""
        if value in choices:
            return True
        hint = suggest(value, choices)
        listing = "" if hint else f" ({what}s: {', '.join(sorted(choices))})" if len(choices) <= 12 else ""
        self.bad(path, f"unknown {what} '{value}'{hint}{listing}")
        return False

    def file(self, path: tuple, value: str, what: str, types: tuple[str, ...]) -> Path | None:
        """A file named in the profile, refused unless it lies inside the profile folder."""
        rel = Path(value)
        if rel.is_absolute() or value.startswith("~"):
            self.bad(path, f"{what} '{value}' is an absolute path: give a path inside the profile folder")
            return None
        if ".." in rel.parts:
            self.bad(path, f"{what} '{value}' leaves the profile folder ('..'): keep the file inside it")
            return None
        full = self.folder / rel
        real = paths.real(full)
        if real == self.real_folder or not paths.inside(real, self.real_folder):
            self.bad(path, f"{what} '{value}' resolves outside the profile folder (to {real}): copy the file into it")
            return None
        if not full.is_file():
            self.bad(path, f"{what} not found: {display_path(full)}")
            return None
        if rel.suffix.lower() not in types:
            kinds = [t[1:].upper() for t in types if t]
            self.bad(path, f"{what} '{value}' must be a file of type {', '.join(kinds[:-1])} or {kinds[-1]}")
            return None
        return real


def _validated(model, src: Located, data, prefix: tuple):
    """schema.validate, with pydantic's '[key]' marker for bad dict keys dropped from key paths."""
    obj, problems = validate(model, src, data, prefix)
    return obj, [Problem(p.file, p.line, p.path.replace(".[key]", ""), p.message) for p in problems]


def load_org(folder: Path, content: Content, card_size: str | None = None) -> Org:
    """Load ``folder``/organisation.yaml and check it against ``content``; raise ContentError listing every problem.

    With ``card_size`` (a build's, or deck check's) a raster logo must also print sharp on that size's card backs.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"organisation folder not found: {display_path(folder)} (create one with deck init-org DIR --name NAME)")
    path = folder / ORG_FILE
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"no {ORG_FILE} in {display_path(folder)} (create one with deck init-org DIR --name NAME)")
    src, problems = load_yaml(path, inside=folder, folder="the organisation folder")
    if src is None:
        raise ContentError(problems)
    spec, problems = _validated(OrgFile, src, None, ())
    if spec is None:
        raise ContentError(problems)
    check = _Checker(src, folder)
    org = _resolve(spec, check, content, card_size)
    if check.problems:
        raise ContentError(check.problems)
    org.warnings = list(src.warnings)
    org.card_sources = {card.id: f"{src.file}:{src.line_of(('extra_cards', deck_id, i))}"
                        for deck_id, cards in org.extra_cards.items() for i, card in enumerate(cards)}
    return org


def _resolve(spec: OrgFile, check: _Checker, content: Content, card_size: str | None = None) -> Org:
    """Cross-check the profile against the shared content and resolve its files."""
    slug = spec.slug or slugify(spec.name)
    if not slug:
        check.bad(("name",), f"cannot make a folder name from '{spec.name}': add slug: with letters and digits, e.g. slug: mijn-team")
    all_decks = content.decks
    card_deck = {c.id: d.id for d in all_decks.values() for c in d.cards}  # card id -> deck id

    decks = list(all_decks) if spec.decks is None else []
    for i, deck_id in enumerate(spec.decks or []):
        if check.known(("decks", i), deck_id, all_decks, "deck"):
            if deck_id in decks:
                check.bad(("decks", i), f"deck '{deck_id}' is listed twice")
            else:
                decks.append(deck_id)
    if spec.decks == []:
        check.bad(("decks",), "no decks listed: name at least one deck, or leave decks out for all of them")

    colours, accent = {}, None
    for key, colour in spec.colours.items():
        if key == ACCENT:
            accent = colour
        elif check.known(("colours", key), key, list(all_decks) + [ACCENT], "deck"):
            colours[key] = colour

    for i, card_id in enumerate(spec.exclude):
        if check.known(("exclude", i), card_id, card_deck, "card"):
            _check_needed(card_id, ("exclude", i), check, content)
    exclude = set(spec.exclude)
    extra = _extra_cards(spec, check, content, card_deck)
    own = {c.id: deck_id for deck_id, cards in extra.items() for c in cards}

    for deck_id in decks:
        left = [c for c in all_decks[deck_id].cards if c.id not in exclude] + extra.get(deck_id, [])
        if not left:
            check.bad(("exclude",), f"every card of deck '{deck_id}' is excluded: leave the deck out of decks instead")
        if len(left) > MAX_CARDS_PER_DECK:
            check.bad(("extra_cards", deck_id), f"deck '{deck_id}' would have {len(left):,} cards, over the limit of "
                                                f"{MAX_CARDS_PER_DECK:,} per deck: add fewer cards")

    order = {}
    for deck_id, ids in spec.order.items():
        if not check.known(("order", deck_id), deck_id, all_decks, "deck"):
            continue
        cards = [c.id for c in all_decks[deck_id].cards] + [c.id for c in extra.get(deck_id, [])]
        seen: set[str] = set()
        for i, card_id in enumerate(ids):
            if card_id in exclude:
                check.bad(("order", deck_id, i), f"card '{card_id}' is excluded: remove it from the order or from exclude")
            elif card_id in seen:
                check.bad(("order", deck_id, i), f"card '{card_id}' is listed twice")
            elif check.known(("order", deck_id, i), card_id, cards, f"card of deck '{deck_id}'"):
                seen.add(card_id)
        order[deck_id] = ids

    overrides = _overrides(spec, check, all_decks, {**card_deck, **own})
    logo = check.file(("logo",), spec.logo, "logo", LOGO_TYPES) if spec.logo else None
    if logo is not None:
        pixels = _check_logo(logo, check)
        if pixels is not None and card_size is not None:
            _check_logo_resolution(logo, pixels, card_size, check)
    fonts = []
    for i, font in enumerate(spec.fonts):
        file = check.file(("fonts", i, "file"), font.file, "font", FONT_TYPES)
        check.file(("fonts", i, "licence"), font.licence, "font licence", (".txt", ".md", ".html", ""))
        problem = font_problem(file, check.real_folder, "the organisation folder") if file is not None else None
        if problem:
            check.bad(("fonts", i, "file"), f"{display_path(file)} {problem}")
        elif file is not None:
            fonts.append((font.family, file, font.weight, font.style))
    _check_workbook(spec.workbook, check, content)
    return Org(folder=check.real_folder, name=spec.name, slug=slug, language=spec.language or content.project.language,
               decks=decks, logo=logo, colours=colours, accent=accent, fonts=fonts, exclude=exclude, order=order,
               extra_cards=extra, overrides=overrides, workbook=spec.workbook, templates=_templates(check),
               card_size=spec.card_size)


def _extra_cards(spec: OrgFile, check: _Checker, content: Content, card_deck: dict[str, str]) -> dict[str, list[Card]]:
    """The organisation's own cards per deck: ids unique across the set, groups known, something to say."""
    extra: dict[str, list[Card]] = {}
    own: dict[str, str] = {}
    for deck_id, cards in spec.extra_cards.items():
        if not check.known(("extra_cards", deck_id), deck_id, content.decks, "deck"):
            continue
        prefix = ("extra_cards", deck_id)
        check.problems.extend(check_unique(cards, "card", check.src, prefix))
        groups = {g.id for g in content.decks[deck_id].groups}
        for i, card in enumerate(cards):
            if card.id in card_deck:
                check.bad(prefix + (i, "id"), f"card id '{card.id}' is already used by the shared deck '{card_deck[card.id]}': choose another id")
            elif own.get(card.id, deck_id) != deck_id:
                check.bad(prefix + (i, "id"), f"card id '{card.id}' is already used by an extra card of deck '{own[card.id]}'")
            own.setdefault(card.id, deck_id)
            if card.number is not None:
                check.bad(prefix + (i, "number"), "leave number out: cards are numbered by their place in the deck "
                                                  f"(set the place with order: {{{deck_id}: [..., {card.id}]}})")
            if card.group and card.group not in groups:
                hint = suggest(card.group, groups) or (f"; deck '{deck_id}' has groups: {', '.join(sorted(groups))}" if groups else f"; deck '{deck_id}' has no groups")
                check.bad(prefix + (i, "group"), f"unknown group '{card.group}'{hint}")
            if not (card.title or card.text or card.items):
                check.bad(prefix + (i,), "a card needs a title, a text or items")
        extra[deck_id] = cards
    return extra


def _overrides(spec: OrgFile, check: _Checker, decks: dict, cards: dict[str, str]) -> dict[str, dict[str | None, dict]]:
    """Per card or deck id, the replaced fields per language (None: the profile's own language)."""
    out: dict[str, dict[str | None, dict]] = {}
    for item_id, fields in spec.overrides.items():
        path = ("overrides", item_id)
        if item_id in decks and item_id in cards:
            check.bad(path, f"'{item_id}' is both a deck and a card id: cannot tell which to override")
            continue
        if item_id not in decks and not check.known(path, item_id, list(cards) + list(decks), "card or deck"):
            continue
        model, names = (DeckOverride, DECK_OVERRIDE_FIELDS) if item_id in decks else (CardOverride, CARD_TEXT_FIELDS)
        if not isinstance(fields, dict):
            check.bad(path, f"give the fields to replace, e.g. {item_id}: {{title: ...}}")
            continue
        by_lang: dict[str | None, dict] = {}
        own = {k: v for k, v in fields.items() if k in names}
        for key, value in fields.items():
            if key in names:
                continue
            if not is_language(key):
                hint = suggest(key, names)
                check.bad(path + (key,), f"unknown field '{key}'{hint}" + ("" if hint else f"; fields: {', '.join(names)}, or a language code such as 'en'"))
            elif not isinstance(value, dict):
                check.bad(path + (key,), f"give the {key} text of the fields to replace, e.g. {key}: {{title: ...}}")
            else:
                by_lang[key] = _override_fields(model, check, value, path + (key,))
        by_lang[None] = _override_fields(model, check, own, path)
        out[item_id] = by_lang
    return out


def _override_fields(model, check: _Checker, data: dict, path: tuple) -> dict:
    obj, problems = _validated(model, check.src, data, path)
    check.problems.extend(problems)
    return obj.model_dump(exclude_none=True) if obj is not None else {}


def _check_logo(logo: Path, check: _Checker) -> tuple[int, int] | None:
    """A logo must be what its name says, of a sane size, and self-contained (load.assets).

    Returns a raster logo's size in pixels (None for SVG, or a logo that was refused).
    """
    problem = logo_problem(logo, check.real_folder)
    if problem:
        check.bad(("logo",), f"{display_path(logo)} {problem}")
        return None
    return None if logo.suffix.lower() == ".svg" else raster_size(logo, check.real_folder)


def _check_logo_resolution(logo: Path, pixels: tuple[int, int], card_size: str, check: _Checker) -> None:
    """The build's rule: a raster logo prints at PRINT_PPI or more on the card backs (the print-shop preflight)."""
    from deck.model.logo import PRINT_PPI, logo_print
    from deck.model.sizes import card_size as size_of

    printed = logo_print(size_of(card_size), *pixels)
    if printed.sharp:
        return
    w, h = printed.printed_mm
    check.bad(("logo",), f"{display_path(logo)} has {pixels[0]}×{pixels[1]} px; on the back of {card_size} cards it is "
                         f"printed {w:.1f}×{h:.1f} mm, which is {printed.ppi:.0f} ppi where print shops need {PRINT_PPI}: "
                         f"give an image of at least {printed.needed[0]}×{printed.needed[1]} px, or an SVG")


def _check_needed(card_id: str, path: tuple, check: _Checker, content: Content) -> None:
    """A card the workbook is built from (the parts of the brede opdracht) cannot be left out."""
    wb = getattr(content, "workbook", None)
    if wb is None or card_id != wb.rules.parts_card:
        return
    src = content.workbook_src
    where = f" ({src.file}:{src.line_of(('rules', 'parts_card'))}: rules.parts_card)" if src is not None else ""
    check.bad(path, f"card '{card_id}' cannot be left out: the workbook's worksheet takes its items as its columns"
                    f"{where}; keep the card and reword it instead, e.g. overrides: {{{card_id}: {{items: [...]}}}}")


def _check_workbook(wb: OrgWorkbook, check: _Checker, content: Content) -> None:
    """Durations name programme parts of the shared workbook, when the content has one."""
    shared = getattr(content, "workbook", None)
    programme = getattr(shared, "programme", None)
    if programme is None:
        return
    parts = [p.id for p in programme.parts]
    for part in wb.durations:
        check.known(("workbook", "durations", part), part, parts, "programme part")


def _templates(check: _Checker) -> Path | None:
    """The profile's templates/ folder: every file inside the folder and named after a built-in template."""
    from deck.paths import TEMPLATES

    folder = check.folder / "templates"
    if not folder.is_dir():
        return None
    real = paths.real(folder)
    if real == check.real_folder or not paths.inside(real, check.real_folder):
        check.bad_file(folder, f"resolves outside the profile folder (to {real}): copy the templates into it")
        return None
    builtin = sorted(p.name for p in TEMPLATES.glob("*.j2"))
    for file in sorted(folder.rglob("*")):
        if not paths.inside(file, real):
            check.bad_file(file, f"is a link to {paths.real(file)}, outside the profile's templates folder: copy the "
                                 f"file into it")
        elif file.is_file() and file.name not in builtin and not file.name.startswith(PARTIAL_PREFIX):
            hint = suggest(file.name, builtin)
            check.bad_file(file, f"overrides no built-in template{hint}; built-in: {', '.join(builtin)} "
                                 f"(name your own partials {PARTIAL_PREFIX}*.j2)")
    return real
