"""Name normalisation (rule catalog, "User matching"): case-folded, accents removed, white space
and punctuation collapsed. Used for user names, enum labels, field labels, workflow states and
wizard answers alike."""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION_AND_SPACE = re.compile(r"[\W_]+")


def normalize_name(text: str | None) -> str:
    """``"  Ève   O'Brien "`` → ``"eve o brien"``."""
    if not text:
        return ""
    if text.isascii():  # most names: nothing to decompose (thousands per validation)
        lowered = text.lower()
        return lowered if lowered.isalnum() else _PUNCTUATION_AND_SPACE.sub(" ", lowered).strip()
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _PUNCTUATION_AND_SPACE.sub(" ", without_accents).strip()
