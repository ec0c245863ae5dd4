"""Legacy-font detection takes shortcuts (it runs on every crawled page): it must decide exactly as the plain
definition does. The reference below is that definition, written out the straightforward way: split into
pieces, keep the candidate pieces, count each signal pattern on them, then apply the thresholds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures import legacy

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
PLAN = [
    "NGHỊ QUYẾT về kế hoạch phát triển kinh tế - xã hội năm 2026",
    "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) đạt từ 8% trở lên.",
    "Thu ngân sách nhà nước trên địa bàn đạt 2.150 tỷ đồng.",
    "Tỷ lệ che phủ rừng duy trì ở mức 55,3%, Tuyên Quang, Khánh Hoà, Thanh Hoá.",
]


def reference_detect(text: str, hint: str | None = None, markup: bool = False) -> str | None:
    if not legacy._HIGH_LATIN.search(text):
        return None
    pieces = legacy._TAG_OR_LINE.split(text) if markup else text.split("\n")
    # in a text that holds Unicode Vietnamese, only pieces of some length may be a legacy paragraph
    min_length = legacy._MIXED_MIN_PIECE if legacy._UNICODE_VI.search(text) else 0
    sample = "\n".join(
        p
        for p in pieces
        if len(p) >= min_length and not legacy._UNICODE_VI.search(p) and not (markup and p.startswith("<"))
    )
    scores = {
        legacy.TCVN3: len(legacy._TCVN3_SIGNAL.findall(sample)),
        legacy.VNI: len(legacy._VNI_SIGNAL.findall(sample)),
    }
    best = hint if hint is not None and scores.get(hint) else max(scores, key=lambda name: scores[name])
    if 2 * len(legacy._MOJIBAKE.findall(sample)) >= scores[best] > 0:
        return None
    hinted = best == hint
    least = legacy._MIN_SIGNALS_HINTED if hinted else legacy._MIN_SIGNALS
    share = legacy._SHARE_HINTED if hinted else legacy._SIGNAL_SHARE
    if scores[best] < least or scores[best] < share * len(legacy._LETTER.findall(sample)):
        return None
    other = scores[legacy.VNI if best == legacy.TCVN3 else legacy.TCVN3]
    return best if scores[best] >= 2 * other else None


def reference_markup_hint(markup: str) -> str | None:
    return legacy.font_hint(markup) if legacy._FONT_ANY.search(markup) else None


def _tcvn3(text: str) -> str:
    return legacy.unicode_to_tcvn3(text).decode("latin-1")


def _vni(text: str) -> str:
    return legacy.unicode_to_vni(text).decode("cp1252")


def _page(body: str, font: str = "Arial") -> str:
    return (
        f'<html><head><meta charset="utf-8"><style>p {{ font-family: "{font}" }}</style></head><body>'
        f'<ul class="menu"><li><a href="/a">Giới thiệu</a></li><li><a href="/b">Thông báo</a></li></ul>'
        f'<div class="body">{body}</div><footer>© 2024 Cổng thông tin điện tử « Tuyên Quang »</footer>'
        "</body></html>"
    )


def _corpus() -> list[str]:
    plan = "\n".join(PLAN)
    paragraphs = "".join(f"<p>{line}</p>" for line in PLAN)
    texts = [
        plan,
        _tcvn3(plan),
        _vni(plan),
        _tcvn3("Thu ngân sách"),  # two telling bytes only
        _vni("Đồng Nai, ñaït"),
        "Café crème brûlée à la française, naïve coöperation, Zürich, señor, São Paulo © ® ¼ ¾ «»",
        "Tá»•ng thu ngÃ¢n sÃ¡ch nhÃ  nÆ°á»›c Ä‘áº¡t 1.800 tá»· Ä‘á»“ng",
        "Copyright © 2024 Cổng thông tin điện tử\nTân Phú ©",
        _page(paragraphs),
        _page("".join(f"<p>{_tcvn3(line)}</p>" for line in PLAN), ".VnTime"),
        _page("".join(f"<p>{_vni(line)}</p>" for line in PLAN), "VNI-Times"),
        _page(f"<p>{_tcvn3('Thu ngân sách')}</p>", ".VnTime"),  # too little without the font name
        _page(f"<p>{_vni('Thu ngân sách')}</p>", "VNI-Helve"),
        _page(f"<p>{_tcvn3(PLAN[2])}</p>{paragraphs}"),
        _page("<p>a < b > c, <<b>> x</p>\n<p>señor ñ Ñ niño</p>" + _vni(PLAN[1])),
        _page("<p>\n\n</p><br/><p></p>" + "<span>©</span>" * 3),
    ]
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.iterdir()) if p.is_file()]
    return texts


@pytest.mark.parametrize("text", _corpus())
@pytest.mark.parametrize("hint", [None, legacy.TCVN3, legacy.VNI])
@pytest.mark.parametrize("markup", [False, True])
def test_detection_agrees_with_the_plain_definition(text: str, hint: str | None, markup: bool) -> None:
    assert legacy.detect(text, hint, markup) == reference_detect(text, hint, markup)


@pytest.mark.parametrize("text", _corpus())
def test_repair_markup_agrees_with_the_plain_definition(text: str) -> None:
    hint = reference_markup_hint(text)
    assert legacy.repair_markup(text) == legacy.repair(text, hint, markup=True)
    assert legacy.repair_markup(text)[1] == reference_detect(text, hint, markup=True)


def test_legacy_pages_are_still_found() -> None:
    tcvn3 = _page("".join(f"<p>{_tcvn3(line)}</p>" for line in PLAN), ".VnTime")
    vni = _page("".join(f"<p>{_vni(line)}</p>" for line in PLAN), "VNI-Times")
    assert legacy.repair_markup(tcvn3)[1] == "tcvn3" and PLAN[1] in legacy.repair_markup(tcvn3)[0]
    assert legacy.repair_markup(vni)[1] == "vni" and PLAN[2] in legacy.repair_markup(vni)[0]
    assert legacy.repair_markup(_page("".join(f"<p>{line}</p>" for line in PLAN)))[1] is None


# Characters that matter to detection: tags and line breaks, TCVN3 bytes, VNI base letters and marks, the
# VNI đ, Unicode-only Vietnamese letters, mojibake pairs, digits and plain letters.
_ALPHABET = st.sampled_from(
    list("<>\n /=\"ab") + list("aeouyAEOUYôöÔÖ") + list("øùûõïâáàåãäêéèúüëØÙÛÕÏÂÁÀÅÃÄÊÉÈÚÜË")
    + list("ñÑ¨©ª«¬\xad®µ¶·¸¹»¼½¾") + list("ăđơưạếĂĐƠƯ") + list("º»Ã\xa0Äı") + list("09_ x")
    + ["<p>", "</p>", "<br/>", '<font face=".VnTime">', "VNI-Times", "\r\n"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=120).map("".join), st.sampled_from([None, legacy.TCVN3, legacy.VNI]))
def test_random_text_agrees_with_the_plain_definition(text: str, hint: str | None) -> None:
    for markup in (False, True):
        assert legacy.detect(text, hint, markup) == reference_detect(text, hint, markup)
    assert legacy.repair_markup(text)[1] == reference_detect(text, reference_markup_hint(text), True)
