"""The CMYK output condition a print file is made for, and the registered print conditions it may name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from deck.paths import DATA

ICC_DIR = DATA / "icc"


@dataclass(frozen=True)
class OutputProfile:
    """The CMYK condition a print file is made for: the ICC profile and how the OutputIntent names it."""

    icc: Path
    identifier: str  # OutputConditionIdentifier: a registered name such as FOGRA39, else the profile's description
    condition: str  # OutputCondition: what the condition is, for people
    registry: str  # RegistryName: where a registered identifier is looked up; "" for a condition of one's own
    info: str  # Info: the profile itself


ICC_REGISTRY = "http://www.color.org"
# Registered print conditions (the ICC's characterization data registry) and how profile
# descriptions name them: the FOGRA number itself, or the ECI profile built on it.
REGISTERED = {
    "FOGRA39": "Commercial offset printing to ISO 12647-2:2004/Amd 1, paper type 1 or 2 (gloss or matte coated)",
    "FOGRA47": "Commercial offset printing to ISO 12647-2:2004/Amd 1, paper type 5 (uncoated white)",
    "FOGRA51": "Commercial offset printing to ISO 12647-2:2013, print substrate 1 (premium coated)",
    "FOGRA52": "Commercial offset printing to ISO 12647-2:2013, print substrate 5 (wood-free uncoated)",
}
PROFILE_NAMES = [
    (re.compile(r"\bFOGRA\s?-?(\d{2})\b", re.I), None),  # "Coated FOGRA39 (ISO 12647-2:2004)", "PSO Uncoated v3 (FOGRA52)"
    (re.compile(r"\bISO\s?Coated\s?v2\b", re.I), "FOGRA39"),  # ISO Coated v2 (ECI), ISO Coated v2 300% (ECI)
    (re.compile(r"\bPSO\s?Uncoated\s?ISO\s?12647\b", re.I), "FOGRA47"),
    (re.compile(r"\bPSO\s?Coated\s?v3\b", re.I), "FOGRA51"),
    (re.compile(r"\bPSO\s?Uncoated\s?v3\b", re.I), "FOGRA52"),
]

# Ghostscript's default CMYK profile: SWOP-like coated offset, no registered characterization, so the
# output condition is named by the profile's description (tests/test_pdfx.py checks it is that).
DEFAULT_PROFILE = OutputProfile(
    icc=ICC_DIR / "artifex-cmyk-swop.icc",
    identifier="Artifex CMYK SWOP Profile",
    condition="SWOP-like coated offset (Artifex CMYK SWOP profile); not a FOGRA characterization",
    registry="",
    info="Artifex CMYK SWOP Profile, Copyright Artifex Software 2011 (Ghostscript default_cmyk.icc)",
)


def registered_condition(description: str) -> str | None:
    """The registered print condition (FOGRA39, ...) a profile description names, if any."""
    for pattern, name in PROFILE_NAMES:
        found = pattern.search(description)
        if found:
            return name or f"FOGRA{found.group(1)}"
    return None
