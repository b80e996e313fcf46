"""A Chinese font to embed in a PDF govbudget writes (the summary page of a feedback PDF).

The font is found on the machine (Noto Sans CJK from ``fonts-noto-cjk``, SIL Open Font Licence,
which allows embedding; or another CJK font fontconfig knows), cut down to the characters the
page uses (fontTools, MIT) and, where it has PostScript (CFF) outlines, converted to TrueType
outlines, so that ReportLab can embed the subset. Without any CJK font on the machine the text
falls back to the standard Adobe CID font ``STSong-Light``, which PDF viewers supply themselves
(nothing embedded).
"""

from __future__ import annotations

import functools
import hashlib
import io
import shutil
import subprocess
from pathlib import Path

#: Families tried in order (fontconfig names); the first found is used.
FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
            "Droid Sans Fallback", "Noto Serif CJK SC")  # fmt: skip
#: Where fonts-noto-cjk puts the font when fontconfig is not installed.
KNOWN_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
FALLBACK = "STSong-Light"


@functools.cache
def font_file() -> tuple[Path, int] | None:
    """The CJK font file on this machine and the index of the simplified-Chinese face in it."""
    candidates: list[Path] = []
    if shutil.which("fc-match"):
        for family in FAMILIES:
            try:
                done = subprocess.run(
                    ["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"],
                    capture_output=True, text=True, timeout=10, check=False,
                )  # fmt: skip
            except (OSError, subprocess.SubprocessError):
                break
            if done.returncode == 0 and done.stdout.strip():
                candidates.append(Path(done.stdout.strip()))
    candidates += [Path(p) for p in KNOWN_FILES]
    for path in candidates:
        index = _chinese_face(path)
        if index is not None:
            return path, index
    return None


def _chinese_face(path: Path) -> int | None:
    """Index of a face of the font file that draws common Chinese characters (SC preferred)."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    if not path.is_file():
        return None
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            faces = list(TTCollection(str(path), lazy=True).fonts)
        else:
            faces = [TTFont(str(path), lazy=True)]
    except (TTLibError, OSError, ValueError):
        return None
    usable = [i for i, face in enumerate(faces) if _covers(face, "检查结果")]
    preferred = [i for i in usable if " SC" in str(faces[i]["name"].getDebugName(1) or "")]
    chosen = preferred or usable
    return chosen[0] if chosen else None


def _covers(face, text: str) -> bool:
    cmap = face.getBestCmap() or {}
    return all(ord(ch) in cmap for ch in text)


def register(text: str) -> str:
    """Register with ReportLab a font that draws every character of ``text``; its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    found = font_file()
    if found is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK))
        return FALLBACK
    chars = "".join(sorted(set(text) | set("0123456789 .,:·—")))
    name = "GovbudgetCJK-" + hashlib.sha1(chars.encode()).hexdigest()[:10]
    if name not in pdfmetrics.getRegisteredFontNames():
        data = subset_truetype(found[0], found[1], chars, name)
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def subset_truetype(path: Path, index: int, chars: str, name: str = "") -> bytes:
    """The glyphs of ``chars`` from a font file as a TrueType-outline font (bytes), renamed
    ``name`` (ReportLab keeps a font's embedding state by its internal name: two subsets must
    never share one)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.desubroutinize = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    if name:
        for record in font["name"].names:
            if record.nameID in (1, 3, 4, 6, 16):
                record.string = name
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font) -> None:
    """Replace PostScript (CFF) outlines by quadratic TrueType outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, field, 0)  # no hinting instructions, no composite glyphs
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 3.0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
