"""The pdfium calls made once per character or per page object, without argument conversion.

pypdfium2's raw bindings declare every argument type, so ctypes checks and converts each
argument of each call (and wraps each returned pointer in a typed object). The calls below run
tens of thousands of times per document; declared without argument types they cost half as
much. Their arguments must therefore be exactly what C expects: a pdfium handle (``page.raw``,
``textpage.raw`` or a :class:`Handle` these calls return), a Python int for a C ``int``, a
``ctypes.byref`` for a pointer to fill in, ``ctypes.c_ulong`` for an ``unsigned long``.
Everything else goes through pypdfium2.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c


class Handle(ctypes.c_void_p):
    """A page object handle; a ``c_void_p`` subclass, so ctypes returns it as is."""


def _unchecked(function: Any, restype: Any) -> Any:
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype)(address)  # no argument types: extra arguments pass as is


#: (textpage, index, byref(FS_RECTF)) -> success
loose_char_box = _unchecked(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
#: (textpage, index) -> font size in points
font_size = _unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
#: (page, index) -> page object
page_object = _unchecked(pdfium_c.FPDFPage_GetObject, Handle)
#: page object -> FPDF_PAGEOBJ_* kind
object_type = _unchecked(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
#: (page object, byref left, bottom, right, top) -> success
object_bounds = _unchecked(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
#: form object -> how many objects it holds
form_count = _unchecked(pdfium_c.FPDFFormObj_CountObjects, ctypes.c_int)
#: (form object, c_ulong(index)) -> page object
form_object = _unchecked(pdfium_c.FPDFFormObj_GetObject, Handle)
