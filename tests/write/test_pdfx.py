"""PDF/X finishing: images become CMYK through the output profile; the profile is a checked setting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from helpers import ROOT, print_css
from PIL import Image, ImageCms

from deck.errors import UsageError
from deck.load.profile import profile_for
from deck.model.profile import DEFAULT_PROFILE
from deck.preflight.check import preflight
from deck.write.pdfx import write_print_pdf

def print_document(folder: Path, images: dict[str, str]):
    """A one-page print-mode WeasyPrint document showing ``images`` (file name → CSS width)."""
    from weasyprint import HTML

    tags = "".join(f'<img src="{name}" style="width: {width}">' for name, width in images.items())
    html = f"""<style>{print_css()}
      body {{ font-family: Inter; color: device-cmyk(0 0 0 1) }} img {{ display: block }}</style>
      <p>Beeld</p>{tags}"""
    return HTML(string=html, base_url=str(folder) + "/").render()


def images_of(path: Path) -> list:
    """(pixels, colour space, has a soft mask) of every image; pixels as stored, without applying masks."""
    modes = {pikepdf.Name.DeviceCMYK: "CMYK", pikepdf.Name.DeviceGray: "L"}
    with pikepdf.open(path) as pdf:
        return [(Image.frombytes(modes.get(o.ColorSpace, "RGB"), (int(o.Width), int(o.Height)), o.read_bytes()), o.ColorSpace, "/SMask" in o)
                for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]


def test_rgb_rgba_and_grey_images_become_cmyk(tmp_path):
    Image.new("RGB", (600, 300), (200, 30, 40)).save(tmp_path / "red.png")
    Image.new("RGBA", (600, 300), (20, 130, 40, 128)).save(tmp_path / "green.png")
    Image.new("L", (600, 300), 100).save(tmp_path / "grey.png")
    out = tmp_path / "print.pdf"
    write_print_pdf(print_document(tmp_path, {"red.png": "50mm", "green.png": "50mm", "grey.png": "50mm"}), out, DEFAULT_PROFILE)
    assert preflight(out) == []  # 600 px over 50 mm is 305 ppi
    found = images_of(out)
    colour = [(im, space, masked) for im, space, masked in found if space != pikepdf.Name.DeviceGray]
    masks = [im for im, space, _ in found if space == pikepdf.Name.DeviceGray]
    assert len(colour) == 3 and all(space == pikepdf.Name.DeviceCMYK for _, space, _ in colour)
    assert len(masks) == 1 and masks[0].getpixel((0, 0)) == 128  # the RGBA alpha, kept as a soft mask
    # Red goes through the same profile ImageCms would use; grey goes to the black plate only.
    expected = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (200, 30, 40)), ImageCms.createProfile("sRGB"),
                                         ImageCms.getOpenProfile(str(DEFAULT_PROFILE.icc)), outputMode="CMYK").getpixel((0, 0))
    pixels = [im.getpixel((0, 0)) for im, _, _ in colour]
    assert expected in pixels
    assert (0, 0, 0, 155) in pixels


def test_low_resolution_image_fails_preflight(tmp_path):
    Image.new("RGB", (100, 50), (0, 0, 255)).save(tmp_path / "small.png")
    out = tmp_path / "print.pdf"
    write_print_pdf(print_document(tmp_path, {"small.png": "50.8mm"}), out, DEFAULT_PROFILE)
    assert preflight(out, "print.pdf") == [
        "print.pdf: page 1: image of 100x50 px is 50 ppi at its placed size (print shops need 300)"]


def test_links_are_dropped_from_print_files_and_painted_in_ink(tmp_path):
    from weasyprint import HTML

    ink_css = (ROOT / "templates" / "ink.css.j2").read_text().split("#}", 1)[1]
    html = f"""<style>{ink_css} {print_css()}
      body {{ font-family: Inter; color: device-cmyk(0 0 0 1) }}</style><a href="https://example.org">link</a>"""
    out = tmp_path / "print.pdf"
    write_print_pdf(HTML(string=html).render(), out, DEFAULT_PROFILE)
    with pikepdf.open(out) as pdf:
        assert "/Annots" not in pdf.pages[0].obj
    assert preflight(out) == []


def test_an_organisation_can_point_at_another_cmyk_profile(tmp_path):
    icc = tmp_path / "press.icc"
    shutil.copy(DEFAULT_PROFILE.icc, icc)
    profile = profile_for(icc, identifier="FOGRA39")
    assert profile.icc == icc.resolve()
    assert profile.identifier == "FOGRA39"
    assert profile.condition == "Artifex CMYK SWOP Profile"
    assert profile.info == "Artifex CMYK SWOP Profile, Copyright Artifex Software 2011"
    assert profile_for(None) is DEFAULT_PROFILE


def test_an_rgb_profile_is_refused(tmp_path):
    icc = tmp_path / "srgb.icc"
    icc.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(UsageError, match="not a CMYK output profile"):
        profile_for(icc)
    (tmp_path / "junk.icc").write_text("junk")
    with pytest.raises(UsageError, match="cannot read the ICC profile"):
        profile_for(tmp_path / "junk.icc")
