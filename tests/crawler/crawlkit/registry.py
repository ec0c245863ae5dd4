"""Registry entries for fixture portals, as a test writes them into a crawl's sources file."""

from __future__ import annotations

from typing import Any


def source_entry(key: str, province: str, base_url: str, start: str, **extra: Any) -> dict[str, Any]:
    """A NukeViet-style source served at ``base_url``, crawled from the listing ``start``; ``extra``
    adds or replaces registry fields (``platform``, ``follow_all``, ``tls_verify``, ...)."""
    return {
        "key": key,
        "province": province,
        "base_url": base_url + "/",
        "platform": "nukeviet",
        "start_urls": [base_url + start],
        **extra,
    }
