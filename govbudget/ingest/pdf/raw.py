"""The pdfium calls made once per character or per page object, called with plain addresses.

pypdfium2's raw bindings check and convert every pointer argument (and wrap every pointer they
return); these prototypes of the same C functions take and return plain integers, which
makes a call about a third cheaper. Only the calls that run thousands of times per document
are declared here; everything else goes through pypdfium2.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


def address(handle: Any) -> int:
    """The address a pypdfium2 raw handle (``page.raw``, ``textpage.raw``) or function points
    to."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    return ctypes.CFUNCTYPE(restype, *argtypes)(address(function))


_P, _I = ctypes.c_void_p, ctypes.c_int

#: (textpage, index, FS_RECTF address) -> success
loose_char_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
#: (textpage, index) -> font size in points
font_size = _plain(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _P, _I)
#: (page, index) -> page object
page_object = _plain(pdfium_c.FPDFPage_GetObject, _P, _P, _I)
#: form object -> how many objects it holds
form_count = _plain(pdfium_c.FPDFFormObj_CountObjects, _I, _P)
#: (form object, index) -> page object
form_object = _plain(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
#: page object -> FPDF_PAGEOBJ_* kind
object_type = _plain(pdfium_c.FPDFPageObj_GetType, _I, _P)
#: (page object, &left, &bottom, &right, &top) -> success
object_bounds = _plain(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
