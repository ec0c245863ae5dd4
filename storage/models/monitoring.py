"""Monitoring tables: crawl runs, per-source leases, alert subscriptions and the alert outbox.

``CrawlLease`` is the lock that keeps two services from crawling one source at once: a row per source
with an expiring lease (works the same on SQLite and PostgreSQL, no advisory locks) and the due time
("slot") last claimed and last completed, so each due time is crawled once and an interrupted crawl can
be resumed. ``AlertOutbox`` rows are written in the transaction that records the change they announce.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, created_at_column

RUN_STATUSES: tuple[str, ...] = ("running", "ok", "empty", "failing", "error", "interrupted")
OUTBOX_STATES: tuple[str, ...] = ("pending", "sending", "delivered")
HEALTH_KINDS: tuple[str, ...] = ("source_failing", "source_silent", "plan_overdue")


class CrawlRun(Base):
    """The outcome of one crawl of one source (one row per attempt)."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_source_started", "source_key", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_key: Mapped[str] = mapped_column(String(200))
    slot: Mapped[datetime]  # the due time this run is for
    holder: Mapped[str] = mapped_column(String(200))  # the service that ran it (host:pid:nonce)
    trigger: Mapped[str] = mapped_column(String(20), default="schedule")  # schedule | once | resume | manual
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    duration_s: Mapped[float | None]
    pages: Mapped[int] = mapped_column(default=0)
    not_modified: Mapped[int] = mapped_column(default=0)
    new_documents: Mapped[int] = mapped_column(default=0)
    new_versions: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    figures: Mapped[int] = mapped_column(default=0)
    changes: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    warnings: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)
    faults: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {kind: count} and a few samples


class CrawlLease(Base):
    """One row per source: who crawls it now (until when), and which due times were claimed/completed."""

    __tablename__ = "crawl_leases"

    source_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    claimed_slot: Mapped[datetime | None]
    completed_slot: Mapped[datetime | None]
    run_id: Mapped[int | None]
    updated_at: Mapped[datetime | None]


class Subscription(Base):
    """Who gets which alerts, through which apprise URL, immediately or as a daily digest.

    Empty filter lists mean "everything". ``url`` may name secrets as ``${ENV_VAR}``; they are expanded
    from the environment at send time and never stored or logged expanded.
    """

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(20), default="immediate")  # immediate | digest
    digest_at: Mapped[str] = mapped_column(String(5), default="07:00")  # local time (Asia/Ho_Chi_Minh)
    language: Mapped[str] = mapped_column(String(5), default="vi")  # vi | en
    provinces: Mapped[list[str]] = mapped_column(default=list)
    indicators: Mapped[list[str]] = mapped_column(default=list)
    kinds: Mapped[list[str]] = mapped_column(default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()


class AlertOutbox(Base):
    """One alert for one subscription: a change event or a health finding, and its delivery state.

    ``state``: pending (waiting for ``next_attempt_at``) -> sending (claimed by ``claim_token`` until
    ``lease_until``) -> delivered. A failed attempt goes back to pending with a later ``next_attempt_at``;
    rows are never deleted by delivery, so nothing is dropped. See ``monitor.outbox`` for the guarantees.
    """

    __tablename__ = "alert_outbox"
    __table_args__ = (
        UniqueConstraint("subscription_id", "dedupe_key"),
        Index("ix_alert_outbox_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    change_id: Mapped[int | None] = mapped_column(
        ForeignKey("change_events.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    dedupe_key: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)  # health alerts: what was found
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    claim_token: Mapped[str | None] = mapped_column(String(64), index=True)
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    delivered_at: Mapped[datetime | None]

    subscription: Mapped[Subscription] = relationship()
