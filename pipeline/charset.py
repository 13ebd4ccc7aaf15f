"""Guessing a page's charset when it declares none that fits: charset-normalizer, read the way browsers do.

`pipeline.fetch.detect_encoding` trusts a BOM, then a declared charset (header, `<meta>`, XML
declaration) that fits the bytes; only when none does is `guess_encoding` asked. It lets
charset-normalizer judge the bytes (which tells windows-1256 Dari/Arabic from windows-1252 Western
text), and answers windows-1252 when the detector has no answer or picks Latin-1, as browsers do.
"""

from __future__ import annotations

import codecs
import logging

log = logging.getLogger(__name__)

#: Detector answers read as windows-1252, the superset browsers use for them.
_AS_CP1252 = frozenset({"latin_1", "iso8859-1", "ascii"})
FALLBACK = "cp1252"
#: Non-ASCII bytes needed before the detector's answer is worth more than the fallback.
MIN_EVIDENCE = 16


def guess_encoding(body: bytes) -> str:
    """The charset the bytes most likely are in (a Python codec name); windows-1252 when unsure."""
    if sum(1 for byte in body[:200_000] if byte > 127) < MIN_EVIDENCE:
        return FALLBACK  # a few accented letters say nothing a detector could use
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
    except Exception as exc:  # noqa: BLE001 - a detector failure only means "no guess"
        log.debug("charset detection failed: %s", exc)
        return FALLBACK
    if best is None:
        return FALLBACK
    try:
        name = codecs.lookup(best.encoding).name
    except LookupError:
        return FALLBACK
    if name in _AS_CP1252 or name.startswith(("utf-16", "utf-32")):
        return FALLBACK
    return name


__all__ = ["guess_encoding"]
