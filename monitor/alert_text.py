"""The words of alerts, in Vietnamese and English: labels, notes, numbers, dates.

Kept apart from the layout in ``monitor.alerts`` so a translation is data, not code.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from chitieu.clock import to_local
from monitor.changes import format_vn

KIND_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "document_new": "Văn bản mới",
        "document_revised": "Văn bản được sửa đổi",
        "figure_new": "Chỉ tiêu mới",
        "figure_revised": "Chỉ tiêu thay đổi",
        "figure_withdrawn": "Chỉ tiêu bị bỏ",
        "discrepancy": "Hai nguồn không khớp",
        "source_failing": "Nguồn lỗi liên tiếp",
        "source_silent": "Nguồn không có dữ liệu",
        "plan_overdue": "Chưa thấy nghị quyết kế hoạch năm tới",
    },
    "en": {
        "document_new": "New document",
        "document_revised": "Document revised",
        "figure_new": "New figure",
        "figure_revised": "Figure revised",
        "figure_withdrawn": "Figure withdrawn",
        "discrepancy": "Sources disagree",
        "source_failing": "Source failing",
        "source_silent": "Source silent",
        "plan_overdue": "Next year's plan resolution overdue",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "document": "Văn bản",
        "other_source": "Nguồn khác",
        "versions": "Phiên bản",
        "before": "Trước",
        "after": "Sau",
        "quote": "Trích dẫn",
        "note": "Ghi chú",
        "period": "năm",
        "no_province": "Không rõ tỉnh",
        "documents": "Văn bản",
        "figures": "chỉ tiêu",
        "changes": "thay đổi",
        "provinces": "tỉnh",
        "digest": "Bản tin thay đổi",
        "health": "Cảnh báo nguồn dữ liệu",
        "footer": "Thư tự động của chitieu. Giờ Việt Nam (UTC+7).",
        "local_time": "",
    },
    "en": {
        "document": "Document",
        "other_source": "Other source",
        "versions": "Versions",
        "before": "Before",
        "after": "After",
        "quote": "Quote",
        "note": "Note",
        "period": "period",
        "no_province": "Province unknown",
        "documents": "Documents",
        "figures": "figures",
        "changes": "changes",
        "provinces": "provinces",
        "digest": "Change digest",
        "health": "Source health alert",
        "footer": "Automatic message from chitieu. Times are Vietnam time (UTC+7).",
        "local_time": " ICT",
    },
}

_COMPARATOR_WORDS = {
    "vi": {"=": "", ">": "trên ", ">=": "từ ", "<": "dưới ", "<=": "không quá ", "~": "khoảng "},
    "en": {"=": "", ">": "over ", ">=": "at least ", "<": "under ", "<=": "at most ", "~": "about "},
}
_NOTES_VI = {
    "decimal_slip": "Hai giá trị chênh nhau {factor} lần: có thể nhầm dấu phẩy thập phân.",
    "swap": "Giá trị có vẻ bị hoán đổi với một chỉ tiêu cùng nhóm.",
    "target_as_actual": "Chỉ tiêu kế hoạch được nêu lại như số thực hiện (hoặc ngược lại).",
    "comparator_only": "Cùng giá trị, chỉ khác cách diễn đạt so sánh (trên / đạt / từ...).",
}


def label(kind: str, lang: str) -> str:
    return KIND_LABELS[lang].get(kind, kind)


def word(key: str, lang: str) -> str:
    return WORDS[lang][key]


def number(value: Decimal | None, lang: str) -> str:
    """``2370.5`` as ``2.370,5`` (vi) or ``2,370.5`` (en)."""
    if value is None:
        return ""
    if lang == "vi":
        return format_vn(value)
    text = format(value.normalize(), "f")
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def statement(
    value: Decimal | None, value_max: Decimal | None, comparator: str | None, unit: str | None, lang: str
) -> str:
    """A stated figure as a person reads it: ``trên 1.800 tỷ đồng``, ``21-22%``."""
    if value is None:
        return "—"
    shown = number(value, lang)
    if comparator == "range" and value_max is not None:
        shown = f"{shown}-{number(value_max, lang)}"
    unit = unit or ""
    gap = "" if unit in ("%", "‰", "%o") or not unit else " "
    return f"{_COMPARATOR_WORDS[lang].get(comparator or '=', '')}{shown}{gap}{unit}".strip()


def when(moment: datetime | None, lang: str) -> str:
    if moment is None:
        return "—"
    local = to_local(moment)
    if lang == "vi":
        return local.strftime("%d/%m/%Y %H:%M")
    return local.strftime("%Y-%m-%d %H:%M") + WORDS["en"]["local_time"]


def plausibility_note(code: str | None, note: str | None, old: Any, new: Any, lang: str) -> str | None:
    """The change detector's note (English) or its Vietnamese rendering."""
    if lang == "en" or code not in _NOTES_VI:
        return note
    factor = ""
    if code == "decimal_slip" and old and new:
        big, small = max(abs(old), abs(new)), min(abs(old), abs(new))
        factor = number(big / small, "vi") if small else ""
    return _NOTES_VI[code].format(factor=factor)


def health_sentence(payload: dict[str, Any], lang: str) -> str:
    """One sentence describing a health finding."""
    kind = payload.get("kind")
    source, province = payload.get("source_key", ""), payload.get("province") or ""
    if kind == "source_failing":
        if lang == "vi":
            return (
                f"Nguồn {source} ({province}) đã lỗi {payload.get('count')} lần liên tiếp "
                f"(lần gần nhất: {payload.get('last_error') or 'không rõ'})."
            )
        return (
            f"Source {source} ({province}) failed {payload.get('count')} runs in a row "
            f"(last: {payload.get('last_error') or 'unknown'})."
        )
    if kind == "source_silent":
        since = payload.get("since") or ("chưa bao giờ" if lang == "vi" else "never")
        if lang == "vi":
            return f"Nguồn {source} ({province}) không thu được văn bản nào từ {since}."
        return f"Source {source} ({province}) has yielded no document since {since}."
    if kind == "plan_overdue":
        year = payload.get("year")
        if lang == "vi":
            return (
                f"Chưa thấy nghị quyết/kế hoạch phát triển kinh tế - xã hội năm {year} của {province}; "
                "thường được ban hành trước cuối tháng 12. Cổng thông tin có thể đã thay đổi."
            )
        return (
            f"No {year} socio-economic plan resolution seen for {province}; it is normally out by late "
            "December. The portal may have changed."
        )
    return str(payload)
