"""The CMYK output condition a print file is made for."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deck.paths import DATA

ICC_DIR = DATA / "icc"


@dataclass(frozen=True)
class OutputProfile:
    """The CMYK condition a print file is made for: the ICC profile and how the OutputIntent names it."""

    icc: Path
    identifier: str  # OutputConditionIdentifier: a registered name such as FOGRA39, or "Custom"
    condition: str  # OutputCondition: what the condition is, for people
    registry: str  # RegistryName: where an identifier is looked up
    info: str  # Info: the profile itself


# Ghostscript's default CMYK profile: SWOP-like coated offset. It is no registered characterization,
# so the identifier says "Custom" (the ICC registry's convention) and the embedded profile is what counts.
DEFAULT_PROFILE = OutputProfile(
    icc=ICC_DIR / "artifex-cmyk-swop.icc",
    identifier="Custom",
    condition="SWOP-like coated offset (Artifex CMYK SWOP profile); not a FOGRA characterization",
    registry="http://www.color.org",
    info="Artifex CMYK SWOP Profile, Copyright Artifex Software 2011 (Ghostscript default_cmyk.icc)",
)
