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

FONT = (Path(__file__).resolve().parents[2] / "fonts/inter/Inter-Regular.otf").as_uri()


def print_document(folder: Path, images: dict[str, str], profile=DEFAULT_PROFILE, css: str = "", body: str = "<p>Beeld</p>"):
    """A one-page print-mode WeasyPrint document showing ``images`` (file name → CSS width)."""
    from weasyprint import HTML

    tags = "".join(f'<img src="{name}" style="width: {width}">' for name, width in images.items())
    html = f"""<style>@color-profile device-cmyk {{ src: url({profile.icc.as_uri()});
      components: cyan, magenta, yellow, black }}
      @page {{ size: 105mm 148mm; bleed: 3mm; margin: 10mm }}
      @font-face {{ font-family: Inter; src: url({FONT}) }}
      body {{ font-family: Inter; color: device-cmyk(0 0 0 1) }} img {{ display: block }} {css}</style>
      {body}{tags}"""
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
    profile = profile_for(icc)
    assert profile.icc == icc.resolve()
    # No registered condition: the profile's own description names it, and no registry is claimed.
    assert (profile.identifier, profile.condition, profile.registry) == ("Artifex CMYK SWOP Profile", "Artifex CMYK SWOP Profile", "")
    assert profile.info == "Artifex CMYK SWOP Profile, Copyright Artifex Software 2011"
    assert profile_for(None) is DEFAULT_PROFILE
    told = profile_for(icc, identifier="FOGRA39")  # the caller knows better
    assert (told.identifier, told.registry) == ("FOGRA39", "http://www.color.org")
    assert told.condition.startswith("Commercial offset printing to ISO 12647-2:2004/Amd 1")


def test_the_bundled_profile_is_named_by_its_description():
    description = ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(DEFAULT_PROFILE.icc))).strip()
    assert DEFAULT_PROFILE.identifier == description == "Artifex CMYK SWOP Profile"
    assert DEFAULT_PROFILE.registry == ""


def described(source: Path, target: Path, text: str) -> Path:
    """A copy of an ICC v2 profile whose description (the 'desc' tag) reads ``text``."""
    import struct

    data = bytearray(source.read_bytes())
    ascii_ = text.encode("ascii") + b"\0"
    tag = b"desc" + bytes(4) + struct.pack(">I", len(ascii_)) + ascii_ + bytes(4 + 4 + 2 + 1 + 67)
    data += bytes(-len(data) % 4)
    offset = len(data)
    data += tag
    for i in range(struct.unpack(">I", data[128:132])[0]):
        entry = 132 + 12 * i
        if data[entry:entry + 4] == b"desc":
            data[entry + 4:entry + 12] = struct.pack(">II", offset, len(tag))
    data[0:4] = struct.pack(">I", len(data))
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("description, identifier, condition", [
    ("Coated FOGRA39 (ISO 12647-2:2004)", "FOGRA39", "paper type 1 or 2 (gloss or matte coated)"),
    ("ISO Coated v2 300% (ECI)", "FOGRA39", "paper type 1 or 2 (gloss or matte coated)"),
    ("PSO Coated v3", "FOGRA51", "print substrate 1 (premium coated)"),
    ("PSO Uncoated v3 (FOGRA52)", "FOGRA52", "print substrate 5 (wood-free uncoated)"),
    ("PSO Uncoated ISO12647 (ECI)", "FOGRA47", "paper type 5 (uncoated white)"),
])
def test_a_profile_for_a_registered_condition_is_named_by_it(tmp_path, description, identifier, condition):
    icc = described(DEFAULT_PROFILE.icc, tmp_path / "press.icc", description)
    profile = profile_for(icc)
    assert profile.identifier == identifier
    assert profile.registry == "http://www.color.org"
    assert profile.condition.endswith(condition)
    assert profile.info == f"{description}, Copyright Artifex Software 2011"


def test_print_file_names_its_output_condition_for_the_press(tmp_path):
    icc = described(DEFAULT_PROFILE.icc, tmp_path / "press.icc", "Coated FOGRA39 (ISO 12647-2:2004)")
    profile = profile_for(icc)
    out = tmp_path / "print.pdf"
    write_print_pdf(print_document(tmp_path, {}, profile), out, profile)
    with pikepdf.open(out) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert str(intent.Info) == "Coated FOGRA39 (ISO 12647-2:2004), Copyright Artifex Software 2011"
    assert preflight(out) == []


def test_an_rgb_profile_is_refused(tmp_path):
    icc = tmp_path / "srgb.icc"
    icc.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    with pytest.raises(UsageError, match="not a CMYK output profile"):
        profile_for(icc)
    (tmp_path / "junk.icc").write_text("junk")
    with pytest.raises(UsageError, match="cannot read the ICC profile"):
        profile_for(tmp_path / "junk.icc")


def test_finishing_declares_blending_drops_interpolation_and_unused_lab(tmp_path):
    # Page 1: a soft-masked (RGBA) image, which WeasyPrint marks /Interpolate true; page 2: text only.
    Image.new("RGBA", (600, 300), (20, 130, 40, 128)).save(tmp_path / "logo.png")
    out = tmp_path / "print.pdf"
    body = '<img src="logo.png" style="width: 50mm; break-after: page"><p>Tekst</p>'
    write_print_pdf(print_document(tmp_path, {}, body=body), out, DEFAULT_PROFILE)
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        group = pdf.pages[0].obj.Group
        assert (group.S, group.CS) == (pikepdf.Name.Transparency, pikepdf.Name.DeviceCMYK)
        assert "/Group" not in pdf.pages[1].obj  # no transparency there: no group either
        images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image]
        assert len(images) == 2 and not any("/Interpolate" in o for o in images)  # the image and its mask
        spaces = [p.Resources.ColorSpace for p in pdf.pages]
        assert all(not any(str(v[0]) == "/Lab" for v in cs.values() if isinstance(v, pikepdf.Array)) for cs in spaces)
    assert preflight(out) == []


def test_lab_that_is_painted_stays_and_is_reported(tmp_path):
    out = tmp_path / "print.pdf"
    write_print_pdf(print_document(tmp_path, {}, css="p { color: lab(40% 30 20) }"), out, DEFAULT_PROFILE)
    with pikepdf.open(out) as pdf:
        assert "/lab-d50" in pdf.pages[0].Resources.ColorSpace and "/lab-d65" not in pdf.pages[0].Resources.ColorSpace
    assert preflight(out, "print.pdf") == ["print.pdf: page 1: Lab colour (Lab) in content stream"]
