"""Read a CMYK output ICC profile given with --icc, and name its print condition."""

from __future__ import annotations

from pathlib import Path

from deck.errors import UsageError, display_path
from deck.model.profile import DEFAULT_PROFILE, ICC_REGISTRY, REGISTERED, OutputProfile, registered_condition

MAX_ICC_BYTES = 20_000_000  # output profiles are a few MB at most


def profile_for(icc: Path | None = None, identifier: str | None = None, condition: str | None = None) -> OutputProfile:
    """The default profile, or one made from a CMYK output ICC file (an organisation's FOGRA39, say).

    The output condition is named after the profile: a registered condition (FOGRA39, ...) when its
    description names one, otherwise the description itself.
    """
    if icc is None:
        return DEFAULT_PROFILE
    import io

    from PIL import ImageCms

    from deck.files import Unreadable, read_regular

    icc = Path(icc)
    try:
        opened = ImageCms.getOpenProfile(io.BytesIO(read_regular(icc, MAX_ICC_BYTES, what="ICC profile")))
    except Unreadable as exc:
        raise UsageError(str(exc)) from None
    except (OSError, ImageCms.PyCMSError) as exc:
        raise UsageError(f"{display_path(icc)}: cannot read the ICC profile ({exc})") from None
    if opened.profile.xcolor_space.strip() != "CMYK" or opened.profile.device_class != "prtr":
        raise UsageError(f"{display_path(icc)}: not a CMYK output profile (colour space "
                         f"{opened.profile.xcolor_space.strip()}, class {opened.profile.device_class})")
    name = ImageCms.getProfileDescription(opened).strip() or icc.stem
    copyright_ = ImageCms.getProfileCopyright(opened).strip()
    registered = registered_condition(name)
    identifier = identifier or registered or name
    known = identifier in REGISTERED or identifier == registered
    return OutputProfile(icc.resolve(), identifier, condition or REGISTERED.get(identifier, name),
                         ICC_REGISTRY if known else "", f"{name}, {copyright_}" if copyright_ else name)
