"""Body -> the text the parser reads, via the parser's own loader (the text ``chitieu extract`` sees).

HTML is reduced to its main text (trafilatura, with the loader's BeautifulSoup/lxml fallback), plain text
decoded (UTF-8 unless the Content-Type says otherwise); text typed in the legacy TCVN3/VNI fonts is
converted to Unicode by the loader (``figures.legacy``) before anything is parsed. PDFs, images and office files are the crawler's
job: it hands storage the text it extracted. Failures raise :class:`chitieu.errors.ExtractError`, which the
ingest records on the version.
"""

from __future__ import annotations

from chitieu.errors import ExtractError
from figures.loader import InputRejected, text_from_bytes


def extract_text(body: bytes, content_type: str | None = None, name: str = "") -> str:
    """The text of a fetched body (NFC, ``\\n`` line ends)."""
    try:
        return text_from_bytes(body, content_type=content_type, name=name)
    except InputRejected as exc:
        raise ExtractError(exc.reason) from exc
    except (UnicodeError, ValueError) as exc:
        raise ExtractError(f"unreadable body: {exc}") from exc
