"""A source: a portal or a section of one that chitieu watches."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, created_at_column
from storage.models.province import Province


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    base_url: Mapped[str] = mapped_column(String(2000))
    platform: Mapped[str] = mapped_column(String(50))
    schedule: Mapped[str | None] = mapped_column(String(100))
    config: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # the last crawl that walked every listing page (crawler.revisit: pagination stops early in between)
    listings_walked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()

    province: Mapped[Province | None] = relationship()
