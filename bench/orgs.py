"""Ten synthetic organisations in two languages: one `deck build` for all of them vs one build each.

Each profile has its own name, colours, logo, two own cards and a left-out card, made from the
example profile in content/orgs/voorbeeld.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COUNT = 10
LANGS = "nl,en"


def make_profiles(folder: Path, count: int = COUNT) -> list[Path]:
    """``count`` profiles under ``folder``, each in a folder of its own."""
    source = ROOT / "content" / "orgs" / "voorbeeld"
    data = yaml.safe_load((source / "organisation.yaml").read_text(encoding="utf-8"))
    shown = yaml.safe_load((ROOT / "content" / "decks" / "interviewvragen.yaml").read_text(encoding="utf-8"))
    ids = [c["id"] for c in shown["cards"]]
    made = []
    for n in range(count):
        dest = folder / f"org{n:02d}"
        shutil.copytree(source, dest)
        profile = dict(data)
        profile["name"] = f"Buurtteam Synthetisch {n + 1}"
        hue = 20 + 23 * n
        profile["colours"] = {**data["colours"], "interviewvragen": {
            "rgb": f"#{hue:02x}{(90 + 7 * n) % 256:02x}{(140 - 5 * n) % 256:02x}", "cmyk": [80 - n, 30 + n, 20, 10]}}
        profile["exclude"] = [ids[(n % (len(ids) - 2)) + 2]]
        profile["order"] = {}
        profile["extra_cards"] = {"interviewvragen": [
            {"id": f"eigen-{n}-{k}", "title": f"Eigen vraag {k + 1} van team {n + 1}",
             "text": "Welk moment uit je werk in deze wijk laat zien waar jouw vak om draait?"} for k in range(2)]}
        profile.pop("overrides", None)
        (dest / "organisation.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
        made.append(dest)
    return made


def measure_orgs(env: dict) -> dict:
    """Seconds for one command over all profiles and for one command per profile, and files per second."""
    work = Path(tempfile.mkdtemp(prefix="deck-bench-orgs-"))
    try:
        profiles = make_profiles(work / "orgs")
        # Two decks and no workbook per organisation and language keep the measurement to a few minutes;
        # what is compared is one command (one pool, content loaded once) against ten.
        base = [sys.executable, "-m", "deck", "build", "--content", str(ROOT / "content"), "--lang", LANGS, "-q",
                "--force", "--deck", "interviewvragen", "--deck", "vuistregels", "--no-workbook"]
        start = time.perf_counter()
        subprocess.run(base + ["--org", str(work / "orgs" / "*"), "--out", str(work / "together")], env=env,
                       check=True)
        together = time.perf_counter() - start
        start = time.perf_counter()
        for profile in profiles:
            subprocess.run(base + ["--org", str(profile), "--out", str(work / "separate")], env=env, check=True)
        separate = time.perf_counter() - start
        files = len(list((work / "together").rglob("*.pdf")))
        return {"together_s": together, "separate_s": separate, "files": files}
    finally:
        shutil.rmtree(work, ignore_errors=True)
