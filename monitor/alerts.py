"""Alert messages a person can act on: what changed, where, and the quotes, as HTML and plain text.

:func:`load_items` reads change events (with their documents, versions and figures) into plain
:class:`AlertItem` records; :func:`render` lays a list of them out as one :class:`Message`, grouped by
province and indicator (a digest is one message, not one per change). Every piece of scraped text
(titles, quotes, indicator names, URLs) is HTML-escaped; a link is only made of an http(s) URL.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from chitieu.clock import now, to_local
from monitor import alert_text as t
from storage.models import ChangeEvent
from storage.provinces import display_name
from storage.queries import change_event_select

_DOCUMENT_KINDS = ("document_new", "document_revised")


@dataclass(slots=True)
class Side:
    """One side of a change: a stated figure, and the document version that states it."""

    value: Decimal | None = None
    value_max: Decimal | None = None
    comparator: str | None = None
    unit: str | None = None
    quote: str | None = None
    title: str | None = None
    url: str | None = None
    fetched_at: datetime | None = None


@dataclass(slots=True)
class AlertItem:
    kind: str
    province: str | None = None
    indicator: str | None = None
    indicator_id: str | None = None
    period: str | None = None
    old: Side = field(default_factory=Side)
    new: Side = field(default_factory=Side)
    plausibility: str | None = None
    note: str | None = None
    figure_count: int | None = None
    version_number: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)  # health alerts
    change_id: int | None = None

    @property
    def is_health(self) -> bool:
        return bool(self.payload)

    @property
    def document_key(self) -> str:
        return self.new.url or self.old.url or ""


@dataclass(slots=True)
class Message:
    title: str
    text: str
    html: str
    key: str = ""  # the same for every attempt to send these alerts: receivers can drop a copy by it


# -- loading -------------------------------------------------------------------------------------------


def load_items(session: Session, change_ids: Iterable[int]) -> list[AlertItem]:
    """Alert items for the given change events, in id order."""
    ids = sorted(set(change_ids))
    if not ids:
        return []
    query = change_event_select().where(ChangeEvent.id.in_(ids)).order_by(ChangeEvent.id)
    return [
        _item(event, province, old_fig, new_fig, old_doc, new_doc, old_ver, new_ver)
        for event, old_fig, new_fig, old_doc, new_doc, province, new_ver, old_ver in session.execute(query)
    ]


def _side(value, value_max, comparator, unit, figure, document, version) -> Side:  # type: ignore[no-untyped-def]
    return Side(
        value=value,
        value_max=value_max,
        comparator=comparator,
        unit=unit,
        quote=figure.quote if figure is not None else None,
        title=document.title if document is not None else None,
        url=(version.url if version is not None else None) or (document.canonical_url if document else None),
        fetched_at=version.fetched_at if version is not None else None,
    )


def _item(event, province, old_fig, new_fig, old_doc, new_doc, old_ver, new_ver) -> AlertItem:  # type: ignore[no-untyped-def]
    e = event
    return AlertItem(
        kind=e.kind,
        province=display_name(province),
        indicator=e.indicator,
        indicator_id=e.indicator_id,
        period=e.period,
        old=_side(e.old_value, e.old_value_max, e.old_comparator, e.old_unit, old_fig, old_doc, old_ver),
        new=_side(e.new_value, e.new_value_max, e.new_comparator, e.new_unit, new_fig, new_doc, new_ver),
        plausibility=e.plausibility,
        note=e.note,
        figure_count=new_ver.figure_count if new_ver is not None else None,
        version_number=new_ver.number if new_ver is not None else None,
        change_id=e.id,
    )


def health_item(payload: dict[str, Any]) -> AlertItem:
    return AlertItem(kind=str(payload.get("kind")), province=payload.get("province"), payload=dict(payload))


# -- layout --------------------------------------------------------------------------------------------


def _catalog_entry(indicator_id: str | None) -> Any:
    if not indicator_id:
        return None
    try:
        from figures.catalog import default_catalog

        return default_catalog().get(indicator_id)
    except Exception:  # the catalog is optional for display
        return None


def _indicator_name(item: AlertItem, lang: str) -> str:
    """The indicator as written, with the catalog's English name first in English alerts."""
    found = _catalog_entry(item.indicator_id)
    if lang == "en" and found is not None and found.name_en:
        return f"{found.name_en} ({item.indicator})"
    return item.indicator or ""


def _indicator_heading(item: AlertItem, lang: str) -> str:
    """Digest grouping: the catalog's display name, so one indicator from several documents is one group."""
    found = _catalog_entry(item.indicator_id)
    if found is not None:
        return (found.name_en if lang == "en" and found.name_en else found.name_vi) or item.indicator or ""
    return item.indicator or ""


def _headline(item: AlertItem, lang: str) -> str:
    """``Chỉ tiêu thay đổi: GRDP bình quân đầu người (năm 2020): 3,33 triệu đồng → 33,3 triệu đồng``."""
    kind = t.label(item.kind, lang)
    if item.is_health:
        return f"{kind}: {t.health_sentence(item.payload, lang)}"
    if item.kind in _DOCUMENT_KINDS:
        title = item.new.title or item.new.url or ""
        extra = ""
        if item.figure_count is not None:
            extra = f" ({item.figure_count} {t.word('figures', lang)})"
        return f"{kind}: {title}{extra}"
    period = f" ({t.word('period', lang)} {item.period})" if item.period else ""
    old = t.statement(item.old.value, item.old.value_max, item.old.comparator, item.old.unit, lang)
    new = t.statement(item.new.value, item.new.value_max, item.new.comparator, item.new.unit, lang)
    values = {"figure_new": new, "figure_withdrawn": old}.get(item.kind, f"{old} → {new}")
    return f"{kind}: {_indicator_name(item, lang)}{period}: {values}"


def _details(item: AlertItem, lang: str) -> list[tuple[str, str, str | None]]:
    """(label, text, link) lines under a headline."""
    if item.is_health:
        return []
    lines: list[tuple[str, str, str | None]] = []
    doc = item.new if item.new.url else item.old
    if item.kind not in _DOCUMENT_KINDS:
        lines.append((t.word("document", lang), _doc_line(doc), doc.url))
    if item.kind == "discrepancy":
        lines.append((t.word("other_source", lang), _doc_line(item.old), item.old.url))
    versions = _version_dates(item, lang)
    if versions:
        lines.append((t.word("versions", lang), versions, None))
    if item.kind in _DOCUMENT_KINDS and doc.url:
        lines.append(("URL", doc.url, doc.url))
    if item.old.quote:
        lines.append((t.word("before", lang), f"“{item.old.quote}”", None))
    if item.new.quote:
        lines.append(
            (t.word("after", lang) if item.old.quote else t.word("quote", lang), f"“{item.new.quote}”", None)
        )
    note = t.plausibility_note(item.plausibility, item.note, item.old.value, item.new.value, lang)
    if note:
        lines.append((t.word("note", lang), note, None))
    return lines


def _doc_line(side: Side) -> str:
    if side.title and side.url:
        return f"{side.title} — {side.url}"
    return side.title or side.url or ""


def _version_dates(item: AlertItem, lang: str) -> str:
    old, new = item.old.fetched_at, item.new.fetched_at
    if item.kind == "discrepancy" or (old is None and new is None):
        return t.when(new, lang) if new else ""
    if old is None:
        return t.when(new, lang)
    return f"{t.when(old, lang)} → {t.when(new, lang)}"


def _grouped(items: Sequence[AlertItem], lang: str) -> dict[str, dict[str, list[AlertItem]]]:
    """province -> indicator (or the documents heading) -> items, in a stable order."""
    groups: dict[str, dict[str, list[AlertItem]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        province = item.province or t.word("no_province", lang)
        heading = (
            _indicator_heading(item, lang)
            if item.indicator and not item.is_health
            else t.word("documents", lang)
        )
        groups[province][heading].append(item)
    ordered: dict[str, dict[str, list[AlertItem]]] = {}
    for province in sorted(groups):
        by_indicator = groups[province]
        docs = t.word("documents", lang)
        keys = ([docs] if docs in by_indicator else []) + sorted(k for k in by_indicator if k != docs)
        ordered[province] = {k: by_indicator[k] for k in keys}
    return ordered


def _title(items: Sequence[AlertItem], lang: str, digest: bool) -> str:
    provinces = sorted({i.province or t.word("no_province", lang) for i in items})
    count = sum(1 for i in items if i.kind not in _DOCUMENT_KINDS) or len(items)
    if all(i.is_health for i in items):
        return f"[chitieu] {t.word('health', lang)}: {', '.join(provinces)}"
    if digest:
        day = to_local(now()).strftime("%d/%m/%Y" if lang == "vi" else "%Y-%m-%d")
        return (
            f"[chitieu] {t.word('digest', lang)} {day}: {count} {t.word('changes', lang)}, "
            f"{len(provinces)} {t.word('provinces', lang)}"
        )
    doc_title = next((i.new.title for i in items if i.new.title), None)
    suffix = f" — {doc_title}" if doc_title else ""
    return f"[chitieu] {', '.join(provinces)}: {count} {t.word('changes', lang)}{suffix}"


def render(items: Sequence[AlertItem], lang: str = "vi", digest: bool = False) -> Message:
    """One message for ``items``: plain text and HTML with the same content."""
    if lang not in t.WORDS:
        lang = "vi"
    groups = _grouped(items, lang)
    return Message(_title(items, lang, digest), _render_text(groups, lang), _render_html(groups, lang))


def _render_text(groups: dict[str, dict[str, list[AlertItem]]], lang: str) -> str:
    out: list[str] = []
    for province, by_indicator in groups.items():
        out += [f"== {province} ==", ""]
        for heading, items in by_indicator.items():
            out.append(f"-- {heading} --")
            for item in items:
                out.append(f"* {_headline(item, lang)}")
                out += [f"    {name}: {text}" for name, text, _link in _details(item, lang)]
            out.append("")
    out.append(t.word("footer", lang))
    return "\n".join(out)


def _link(text: str, url: str | None) -> str:
    """The text, and under it the URL as a link (visible, so the plain-text part keeps it too)."""
    if not url:
        return html.escape(text)
    shown = html.escape(url)
    if url.lower().startswith(("http://", "https://")):
        shown = f'<a href="{html.escape(url, quote=True)}">{shown}</a>'
    return shown if text == url else f"{html.escape(text)}<br>{shown}"


def _render_html(groups: dict[str, dict[str, list[AlertItem]]], lang: str) -> str:
    esc = html.escape
    parts = [f'<html lang="{lang}"><body style="font-family:Arial,sans-serif;font-size:14px">']
    for province, by_indicator in groups.items():
        parts.append(f"<h2>{esc(province)}</h2>")
        for heading, items in by_indicator.items():
            parts.append(f"<h3>{esc(heading)}</h3><ul>")
            for item in items:
                parts.append(f"<li><p><strong>{esc(_headline(item, lang))}</strong></p>")
                details = _details(item, lang)
                if details:
                    rows = "".join(
                        f'<tr><td style="color:#555;padding-right:8px">{esc(name)}</td>'
                        f"<td>{_link(text.removesuffix(f' — {link}') if link else text, link)}</td></tr>"
                        for name, text, link in details
                    )
                    parts.append(f"<table>{rows}</table>")
                parts.append("</li>")
            parts.append("</ul>")
    parts.append(f'<p style="color:#777;font-size:12px">{esc(t.word("footer", lang))}</p></body></html>')
    return "".join(parts)
