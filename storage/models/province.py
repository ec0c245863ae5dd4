"""Provinces, including the 63 pre-2025 units and what they were merged into on 2025-07-01."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base


class Province(Base):
    """One provincial-level unit. A unit that kept its name through the merger is a single row.

    ``merged_into`` points from an absorbed pre-2025 unit (Hà Giang) to its successor (Tuyên Quang).
    ``former_names`` are earlier names of this same unit (Thừa Thiên Huế for Huế).
    """

    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_folded: Mapped[str] = mapped_column(String(100), index=True)
    type: Mapped[str | None] = mapped_column(String(20))
    is_current: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    merged_on: Mapped[date | None]
    former_names: Mapped[list[str]] = mapped_column(default=list)
    aliases: Mapped[list[str]] = mapped_column(default=list)
    domains: Mapped[dict[str, Any]] = mapped_column(default=dict)

    merged_into: Mapped[Province | None] = relationship(remote_side=[id], back_populates="absorbed")
    absorbed: Mapped[list[Province]] = relationship(back_populates="merged_into")

    def __repr__(self) -> str:
        return f"Province({self.name!r})"
