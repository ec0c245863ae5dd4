"""Pagination shared by every list, in HTML and in the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass(slots=True)
class PageRequest:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def __post_init__(self) -> None:
        self.page = max(1, self.page)
        self.per_page = min(max(1, self.per_page), MAX_PER_PAGE)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    request: PageRequest = field(default_factory=PageRequest)

    @property
    def page(self) -> int:
        return self.request.page

    @property
    def per_page(self) -> int:
        return self.request.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def count_of(session: Session, query: Select[Any]) -> int:
    """Rows a select would return (ordering dropped, so the database can count cheaply)."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return int(session.scalar(counted) or 0)


def paged(session: Session, query: Select[Any], request: PageRequest) -> tuple[list[Any], int]:
    """One page of rows and the total count."""
    rows = list(session.execute(query.limit(request.per_page).offset(request.offset)))
    return rows, count_of(session, query)
