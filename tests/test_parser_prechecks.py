"""The parser's cheap pre-checks never reject what the regex they guard would accept.

Several regexes that end in ``\\s*$`` are only searched when the text ends with one of a list of words
(``_COMPARATOR_PHRASES``, ``_TRAILING_CUE_LAST_WORDS``, ``_NOT_FIGURE_LAST_WORDS``): a regex is several
times slower than ``str.endswith``. A word added to a regex and forgotten in its list would silently turn
the regex off for that word. These properties build texts from the regex's own vocabulary, so a new word
in a regex is tried here without anyone listing it.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from figures import candidates, parse, segment


def _vocabulary(*patterns: re.Pattern[str]) -> list[str]:
    """The word runs a regex is written with ("quyết định", "số", "khong qua"): its text split at regex
    syntax, escapes such as ``\\b`` and ``\\s`` left out; plus a few tokens no alternative ends with."""
    runs = set()
    for pattern in patterns:
        text = re.sub(r"\\[A-Za-z]", "|", pattern.pattern)
        for run in re.split(r"[|()?:*+\[\]{}$^\\]+", text):
            if re.search(r"[^\W\d_]", run):
                runs.add(run.strip())
    return [*sorted(runs), "2024", ":", "(", "/", "x"]


def _texts(vocabulary: list[str]) -> st.SearchStrategy[str]:
    """One to five of those words, with the separators texts have, sometimes a space at the end."""
    word = st.sampled_from(vocabulary)
    separator = st.sampled_from([" ", "  ", ", ", " (", "\u00a0"])
    words = st.lists(st.tuples(word, separator), min_size=1, max_size=5)
    return st.tuples(words, st.sampled_from(["", " "])).map(
        lambda drawn: "".join(w + s for w, s in drawn[0]).rstrip(",( \u00a0") + drawn[1]
    )


COMPARATOR_PATTERNS = [pattern for _symbol, pattern in parse._COMPARATOR_BEFORE]


@settings(max_examples=3000, deadline=None)
@given(_texts(_vocabulary(*COMPARATOR_PATTERNS)))
def test_comparator_phrases_cover_every_comparator_regex(text: str) -> None:
    pre = text.rstrip()
    if any(pattern.search(pre) for pattern in COMPARATOR_PATTERNS):
        assert pre.endswith(parse._COMPARATOR_PHRASES), pre


@settings(max_examples=3000, deadline=None)
@given(_texts(_vocabulary(parse._TRAILING_CUE_RE)))
def test_trailing_cue_words_cover_the_trailing_cue_regex(text: str) -> None:
    if parse._TRAILING_CUE_RE.search(text):
        assert parse._may_end_with_cue(text), text


@settings(max_examples=3000, deadline=None)
@given(_texts(_vocabulary(candidates._NOT_FIGURE_BEFORE, candidates._ALL_OF_BEFORE)))
def test_not_figure_words_cover_the_not_figure_regexes(text: str) -> None:
    lower = text.lower()
    if candidates._NOT_FIGURE_BEFORE.search(lower) or candidates._ALL_OF_BEFORE.search(lower):
        assert lower.rstrip().endswith(candidates._NOT_FIGURE_LAST_WORDS), lower


def test_the_vocabularies_are_real_words() -> None:
    """The properties above only mean something if the texts use the regexes' words."""
    assert {"khong", "it nhat", "vuot qua"} <= set(_vocabulary(*COMPARATOR_PATTERNS))
    assert {"toi thieu", "uoc thuc hien"} <= set(_vocabulary(parse._TRAILING_CUE_RE))
    assert {"khóa", "quyết định", "số"} <= set(_vocabulary(candidates._NOT_FIGURE_BEFORE))


# The cue index scans for a non-word character then a trie of the cue phrases (see figures.segment); the
# plain reading is each phrase in list order between word boundaries. Both must find the same cues (the index
# drops a result cue that follows "so với ", see CueIndex).
_PLAIN_CUES_RE = re.compile(
    r"\b(?:(?P<target>"
    + "|".join(segment._TARGET_CUES)
    + ")|(?P<actual>"
    + "|".join([*segment._ACTUAL_CUES, segment._SHARE_OF_PLAN_CUE])
    + r"))\b"
)
_CUE_WORDS = [
    *segment._TARGET_CUES, *segment._ACTUAL_CUES, "85%", "102,5%", "ke hoach", "kh", "so voi", "nam 2024", "giai quyet",
    "chi", "tieu", "muc", "nhiem vu", "dat", "x", "1", "é", "_", "\U0001d400", "\U0001f600",
]  # fmt: skip
_CUE_GLUE = [" ", "  ", ", ", "(", ":", "\n", "-", "", "\u00a0", "\U0001f600", "\U0001d400", "_"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_CUE_WORDS), st.sampled_from(_CUE_GLUE)), max_size=8))
@example([("so voi", " "), ("den nay", " ")])
@example([("so voi", " "), ("cung ky", " ")])
@example([("de dat duoc muc tieu", ""), ("da thuc", " "), ("hien dat", " ")])
@example([("dat", "("), ("ke hoach nam", " ")])
def test_the_cue_index_finds_the_plain_word_bounded_cues(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    cues = segment.CueIndex(text)
    plain = list(_PLAIN_CUES_RE.finditer(text))
    # a target cue opening a bracket ("đạt 69,9% (kế hoạch năm 68%)") is the plan a result is set against
    targets = [
        m.start() for m in plain if m.lastgroup == "target" and not text.endswith(("(", "( "), 0, m.start())
    ]
    assert cues._target == targets, text
    # "so với ước thực hiện năm 2026": a result cue right after "so với" is the base a plan is set against
    # (but "so với cùng kỳ" reports), and "hiện có" ending a noun phrase ("số hộ nghèo hiện có;") is the base a
    # target counts from
    actual = [
        m.start()
        for m in plain
        if m.lastgroup == "actual"
        and (not text.endswith("so voi ", 0, m.start()) or m.group() == "cung ky")
        and not (
            m.group() == "hien co" and text[m.end() : m.end() + 3].lstrip(" ")[:1] in ("", ";", ",", ".", ")")
        )
        and not text.startswith("ket qua giai quyet", m.start())  # a name ("kết quả giải quyết thủ tục")
        # "thực hiện đạt" (carry out to reach) is no "hiện đạt"; "gấp 1,8 lần hiện nay" is a plan's base
        and not (m.group().startswith("hien ") and text.endswith("thuc ", 0, m.start()))
        and not (m.group() == "hien nay" and text.endswith(("lan ", "voi "), 0, m.start()))
    ]
    assert cues._actual == actual, text
