"""Title normalisation shared by matching, search and the demo loader."""

import re
import unicodedata

_ARTICLES = re.compile(r"^(the|a|an|la|le|les|el|der|die|das)\s+")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
_TRAILING_ARTICLE = re.compile(r",\s*(the|a|an)$", re.IGNORECASE)


def normalize_title(title: str) -> str:
    """Lower case, accents and punctuation removed, leading article dropped: 'Matrix, The' == 'the matrix'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode() or title
    text = _TRAILING_ARTICLE.sub("", text.strip()).lower()
    text = _NON_WORD.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _ARTICLES.sub("", text)
