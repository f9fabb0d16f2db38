"""`deck preflight A.pdf B.pdf ...`: every file gets its own verdict; a locked or broken file is a clear line, not a crash."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from click.testing import CliRunner
from helpers import declare_pdfx

from deck.cli.main import main
from deck.model.sizes import MM

PASSWORD = ("enc.pdf: is protected by a password, so it cannot be checked; print shops need files without one "
            "(PDF/X forbids encryption): save or export it again without a password")


def clean_pdf(path: Path, encryption: pikepdf.Encryption | None = None) -> Path:
    """An A6 card in black ink with 3 mm bleed and a PDF/X output intent: it passes preflight."""
    w, h, b = 105 * MM, 148 * MM, 3 * MM
    pdf = pikepdf.new()
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[-b, -b, w + b, h + b], TrimBox=[0, 0, w, h],
                              BleedBox=[-b, -b, w + b, h + b], Resources=pikepdf.Dictionary(),
                              Contents=pdf.make_stream(b"0 0 0 1 k -8.5 -8.5 315 150 re f"))
    pdf.pages.append(pikepdf.Page(page))
    declare_pdfx(pdf)
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
    pdf.save(path, encryption=encryption or False)
    return path


def test_a_password_protected_file_does_not_stop_the_others(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clean_pdf(tmp_path / "enc.pdf", pikepdf.Encryption(owner="owner", user="secret"))
    clean_pdf(tmp_path / "other.pdf")
    (tmp_path / "broken.pdf").write_text("not a PDF at all")
    result = CliRunner().invoke(main, ["preflight", "enc.pdf", "other.pdf", "broken.pdf"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        PASSWORD,
        "broken.pdf: cannot read as PDF: it is damaged or not a PDF file (unable to find trailer dictionary while "
        "recovering damaged file)"]
    assert result.stderr.splitlines() == ["ok: other.pdf", "2 of 3 files failed preflight"]


def test_an_encrypted_file_without_a_password_is_refused_by_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clean_pdf(tmp_path / "locked.pdf", pikepdf.Encryption(owner="owner", user="", allow=pikepdf.Permissions(modify_other=False)))
    result = CliRunner().invoke(main, ["preflight", "locked.pdf"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "locked.pdf: is encrypted (security settings restrict it); PDF/X forbids encryption: save or export it again "
        "without security settings"]
