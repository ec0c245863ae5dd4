"""Document metadata that looks the same on every platform: document numbers, issuers, label tables.

Platform adapters pass the text they found; these helpers pick a document number (``54/QĐ-UBND``,
``11/NQ-HĐND``, ``101/2015/QH13``), an issuer and labelled values (``Số kí hiệu``, ``Ngày ban hành``).
"""

from __future__ import annotations

import re
import unicodedata

from parsel import Selector

from crawler.relevance import fold

# number / optional year / type code with optional -ISSUER parts, e.g. 54/QĐ-UBND, 145/2020/NĐ-CP, 60-NQ/TW
_DOC_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5}(?:/\d{4})?(?:/|-)(?:[A-ZĐ][A-ZĐ0-9]{0,7})(?:[-/][A-ZĐ][A-ZĐ0-9]{0,9}){0,3})(?![\w/])"
)
_LABELLED_NUMBER = re.compile(r"\bSố\s*(?:k[íý]\s*hiệu)?\s*[:.]?\s*", re.IGNORECASE)
_ISSUER_CODES: dict[str, str] = {
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "TU": "Tỉnh ủy",
    "TTG": "Thủ tướng Chính phủ",
    "CP": "Chính phủ",
    "QH": "Quốc hội",
    "SKHĐT": "Sở Kế hoạch và Đầu tư",
    "STC": "Sở Tài chính",
}
_ISSUER_HEADING = re.compile(
    r"(HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|"
    r"SỞ KẾ HOẠCH VÀ ĐẦU TƯ|SỞ TÀI CHÍNH|BAN CHẤP HÀNH ĐẢNG BỘ)"
    r"(?:[ \t]*\n?[ \t]*((?:TỈNH|THÀNH PHỐ)[ \t]+[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ \t\-]{1,40}))?"
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_doc_number(*texts: str | None) -> str | None:
    """The first document number in the texts; a ``Số: ...`` label wins over a bare match."""
    for text in texts:
        if not text:
            continue
        text = nfc(text)
        for label in _LABELLED_NUMBER.finditer(text):
            m = _DOC_NUMBER.match(text, label.end())
            if m:
                return m.group(1)
        m = _DOC_NUMBER.search(text)
        if m and not _looks_like_date(m.group(1)):
            return m.group(1)
    return None


def _looks_like_date(candidate: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}[/-]\d{1,2}[/-]\d{2,4}", candidate))


def issuer_from_text(text: str | None) -> str | None:
    """An issuer from a document heading (``HỘI ĐỒNG NHÂN DÂN TỈNH CAO BẰNG``), title case kept as is."""
    if not text:
        return None
    m = _ISSUER_HEADING.search(nfc(text[:1500]))
    if not m:
        return None
    body = m.group(1).replace("UỶ", "ỦY").capitalize()
    if m.group(2):
        kind, _, place = re.sub(r"\s+", " ", m.group(2).strip()).partition(" ")
        if kind == "THÀNH":  # THÀNH PHỐ X
            kind, _, place = "thành phố", "", place.partition(" ")[2]
        body = f"{body} {kind.lower()} {place.title()}"
    return re.sub(r"\s+", " ", body).strip()


def issuer_from_doc_number(doc_number: str | None, province: str | None = None) -> str | None:
    """``11/NQ-HĐND`` + Cao Bằng -> ``Hội đồng nhân dân tỉnh Cao Bằng``."""
    if not doc_number or "-" not in doc_number:
        return None
    code = doc_number.rsplit("-", 1)[1].split("/")[0].upper()
    name = _ISSUER_CODES.get(code) or _ISSUER_CODES.get(code.rstrip("0123456789"))
    if not name:
        return None
    if province and code in ("HĐND", "UBND"):
        return f"{name} {province}"
    return name


def label_values(selector: Selector, row_css: str = "tr") -> dict[str, str]:
    """Rows of a metadata table as ``{folded label: value}`` (label cell, then the value cell)."""
    values: dict[str, str] = {}
    for row in selector.css(row_css):
        cells = [" ".join(c.css("::text").getall()).strip() for c in row.css("td, th")]
        cells = [re.sub(r"\s+", " ", c) for c in cells if c.strip()]
        for label, value in zip(cells[::2], cells[1::2], strict=False):
            values.setdefault(fold(label.rstrip(":")).strip(), value)
    return values


def pick_label(values: dict[str, str], *labels: str) -> str | None:
    for label in labels:
        value = values.get(fold(label).strip())
        if value and value.strip().upper() != "N/A":
            return value.strip()
    return None
