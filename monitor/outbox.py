"""The alert outbox: alerts queued in the transaction that records a change, delivered through apprise.

Queueing. :func:`enqueue_for_changes` adds one ``alert_outbox`` row per (matching subscription, change)
in the caller's session, so the alert commits or rolls back with the change itself: a change is never
recorded without its alerts, nor an alert queued for a change that was rolled back. Health findings are
queued by :func:`enqueue_health`, deduplicated by a key per finding.

Delivery (:func:`deliver_due`). A worker *claims* due rows with one conditional UPDATE (state
``sending``, a random ``claim_token``, ``lease_until``) and commits the claim before it sends; rows of
one subscription become one message (a daily digest: all of them; immediate: one message per document).
After the channel accepted a message, its rows are marked ``delivered`` in a transaction of their own;
after a failure they return to ``pending`` with exponential backoff (capped, never given up).

Guarantees.
* Never dropped: rows are never deleted by delivery; a failing channel only delays them.
* Never sent twice in normal operation: only the holder of a live claim sends, and a delivered row is
  never claimed again.
* Duplicate bound: the one window is a crash (kill -9, power loss, lost database) after the channel
  accepted a message and before the ``delivered`` mark committed, or a send outliving its lease. The
  claimed rows then come back when the lease expires and are sent again. Messages are sent and marked
  one at a time, so **each such crash duplicates at most the one message in flight: at most one extra
  copy per alert per crash** (for a URL with several recipients, per recipient that had accepted it).
  Claimed-but-unsent messages of the crashed worker are sent once, after the lease expires.
* Timeouts: a receiver slower than the channel's timeout (apprise: 4 s, ``?rto=``/``?cto=`` in the URL)
  is a failed attempt, retried with backoff. A receiver that never saw the message gets it once; one that
  acted on it but answered too late gets **at most one extra copy per timed-out attempt**. Every attempt
  of a message carries the same key (:attr:`alerts.Message.key`; the ``X-Chitieu-Message-Id`` header on
  JSON/form/XML webhooks), so such a receiver can drop the copy.

Secrets. Subscription URLs hold passwords and tokens (better as ``${ENV}`` references, expanded only
when sending). While a message is sent, every part of its URL that can be a secret (password, tokens in
the host or path, query values) is replaced by ``***`` in the records of the loggers the channel uses
(apprise, urllib3, ours) and in every error text that is stored or raised.
"""

from __future__ import annotations

import hashlib
import logging
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from chitieu.clock import now as clock_now
from chitieu.errors import ChitieuError, DeliveryError
from monitor import alerts
from monitor.subscriptions import Subject, active_subscriptions, expand_url, matches, next_digest_time
from monitor.subscriptions import province_names as names_of
from storage.db import session_scope
from storage.models import ChangeEvent, Province
from storage.models.monitoring import AlertOutbox, Subscription

log = logging.getLogger(__name__)
Sender = Callable[[str, alerts.Message], None]  # raises DeliveryError when the channel refused


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delay before the next attempt: ``base * 2**(attempts-1)``, capped, with +-20% jitter."""

    base: float = 30.0
    cap: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        seconds = min(self.base * 2 ** max(attempts - 1, 0), self.cap)
        return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


@dataclass(slots=True)
class DeliveryReport:
    messages_sent: int = 0
    alerts_delivered: int = 0
    alerts_failed: int = 0
    errors: list[str] = field(default_factory=list)


# -- queueing ------------------------------------------------------------------------------------------


def _subject(session: Session, event: ChangeEvent) -> Subject:
    province = session.get(Province, event.province_id) if event.province_id else None
    return Subject(event.kind, names_of(province), event.indicator_id, event.indicator)


def _queue(session: Session, sub: Subscription, key: str, kind: str, at: datetime, **fields: Any) -> bool:
    exists = select(AlertOutbox.id).where(
        AlertOutbox.subscription_id == sub.id, AlertOutbox.dedupe_key == key
    )
    if session.scalar(exists) is not None:
        return False
    due = next_digest_time(sub, at) if sub.mode == "digest" else at
    session.add(AlertOutbox(subscription_id=sub.id, dedupe_key=key, kind=kind, next_attempt_at=due, **fields))
    return True


def enqueue_for_changes(session: Session, changes: Iterable[ChangeEvent]) -> int:
    """Queue alerts for ``changes`` in the caller's transaction (idempotent). Returns rows added."""
    events = [c for c in changes if c.id is not None]
    if not events:
        return 0
    subscriptions = active_subscriptions(session)
    if not subscriptions:
        return 0
    at, added = clock_now(), 0
    for event in events:
        subject = _subject(session, event)
        for sub in subscriptions:
            if matches(sub, subject):
                added += _queue(session, sub, f"change:{event.id}", event.kind, at, change_id=event.id)
    return added


def enqueue_change(session: Session, event: ChangeEvent) -> None:
    """Change hook (``monitor.changes.register_change_hook``): queue alerts for one new change."""
    enqueue_for_changes(session, [event])


def install_hook() -> None:
    """Queue alerts for every change recorded in this process (idempotent)."""
    from monitor.changes import register_change_hook

    register_change_hook(enqueue_change)


def enqueue_health(session: Session, payload: dict[str, Any], dedupe_key: str) -> int:
    """Queue a health finding (``payload['kind']`` in HEALTH_KINDS) once per ``dedupe_key``."""
    from storage.provinces import ProvinceDirectory

    province = ProvinceDirectory(session).find(payload.get("province"))
    subject = Subject(str(payload["kind"]), names_of(province))
    at, added = clock_now(), 0
    for sub in active_subscriptions(session):
        if matches(sub, subject):
            added += _queue(session, sub, f"health:{dedupe_key}", subject.kind, at, payload=dict(payload))
    return added


# -- delivery ------------------------------------------------------------------------------------------


def _claimable(at: datetime) -> Any:
    return or_(
        and_(AlertOutbox.state == "pending", AlertOutbox.next_attempt_at <= at),
        and_(AlertOutbox.state == "sending", AlertOutbox.lease_until < at),
    )


def claim(engine: Engine, at: datetime, lease: timedelta, limit: int) -> tuple[str, list[int]]:
    """Claim up to ``limit`` due rows for this worker; committed before anything is sent."""
    token = uuid.uuid4().hex
    with session_scope(engine) as session:
        candidates = list(
            session.scalars(
                select(AlertOutbox.id)
                .join(Subscription, Subscription.id == AlertOutbox.subscription_id)
                .where(_claimable(at), Subscription.active)
                .order_by(AlertOutbox.next_attempt_at, AlertOutbox.id)
                .limit(limit)
            )
        )
        if not candidates:
            return token, []
        session.execute(
            update(AlertOutbox)
            .where(AlertOutbox.id.in_(candidates), _claimable(at))
            .values(
                state="sending", claim_token=token, lease_until=at + lease, attempts=AlertOutbox.attempts + 1
            )
            .execution_options(synchronize_session=False)
        )
    with session_scope(engine) as session:
        claimed = session.scalars(select(AlertOutbox.id).where(AlertOutbox.claim_token == token))
        return token, sorted(claimed)


@dataclass(slots=True)
class Outgoing:
    subscription: Subscription
    row_ids: list[int]
    message: alerts.Message
    attempts: int


def _messages(session: Session, row_ids: Sequence[int]) -> list[Outgoing]:
    rows = list(
        session.scalars(select(AlertOutbox).where(AlertOutbox.id.in_(row_ids)).order_by(AlertOutbox.id))
    )
    items = {i.change_id: i for i in alerts.load_items(session, [r.change_id for r in rows if r.change_id])}
    by_sub: dict[int, list[AlertOutbox]] = defaultdict(list)
    for row in rows:
        by_sub[row.subscription_id].append(row)
    out: list[Outgoing] = []
    for rows_of_sub in by_sub.values():
        sub = rows_of_sub[0].subscription
        groups: dict[str, list[tuple[AlertOutbox, alerts.AlertItem]]] = defaultdict(list)
        for row in rows_of_sub:
            item = items.get(row.change_id) if row.change_id else alerts.health_item(row.payload)
            if item is None:  # the change was deleted with its document: nothing left to say
                item = alerts.AlertItem(kind=row.kind, note="(change no longer in the database)")
            key = "digest" if sub.mode == "digest" else ("health" if item.is_health else item.document_key)
            groups[key].append((row, item))
        for key, pairs in groups.items():
            message = alerts.render([i for _r, i in pairs], sub.language, digest=key == "digest")
            ids = sorted(r.id for r, _i in pairs)
            message = replace(message, key=_message_key(sub.id, ids))
            attempts = max(r.attempts for r, _i in pairs)
            out.append(Outgoing(sub, ids, message, attempts))
    return out


def _message_key(subscription_id: int, row_ids: Sequence[int]) -> str:
    """Stable across retries of the same alerts (the rows of one message stay together while unsent)."""
    raw = f"{subscription_id}:{','.join(map(str, row_ids))}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _mark_delivered(engine: Engine, token: str, row_ids: list[int]) -> int:
    with session_scope(engine) as session:
        result = session.execute(
            update(AlertOutbox)
            .where(
                AlertOutbox.id.in_(row_ids), AlertOutbox.claim_token == token, AlertOutbox.state == "sending"
            )
            .values(state="delivered", delivered_at=clock_now(), lease_until=None, last_error=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


def _mark_failed(engine: Engine, token: str, row_ids: list[int], error: str, retry_at: datetime) -> None:
    with session_scope(engine) as session:
        session.execute(
            update(AlertOutbox)
            .where(
                AlertOutbox.id.in_(row_ids), AlertOutbox.claim_token == token, AlertOutbox.state == "sending"
            )
            .values(state="pending", next_attempt_at=retry_at, lease_until=None, last_error=error[:2000])
            .execution_options(synchronize_session=False)
        )


def deliver_due(
    engine: Engine,
    *,
    sender: Sender | None = None,
    lease: timedelta = timedelta(minutes=5),
    backoff: Backoff | None = None,
    limit: int = 200,
    should_stop: Callable[[], bool] | None = None,
) -> DeliveryReport:
    """Send every alert that is due now; returns what was sent. Safe to run in several processes."""
    send = sender or apprise_send
    backoff = backoff or Backoff()
    report = DeliveryReport()
    while not (should_stop and should_stop()):
        token, row_ids = claim(engine, clock_now(), lease, limit)
        if not row_ids:
            break
        with session_scope(engine) as session:
            outgoing = _messages(session, row_ids)
        for message in outgoing:
            _send_one(engine, token, message, send, backoff, report)
        if len(row_ids) < limit:
            break
    return report


def _send_one(
    engine: Engine, token: str, out: Outgoing, send: Sender, backoff: Backoff, report: DeliveryReport
) -> None:
    secrets = url_secrets(out.subscription.url)
    try:
        with redacting(secrets):
            send(out.subscription.url, out.message)
    except (DeliveryError, ChitieuError) as exc:
        error = redact(f"{type(exc).__name__}: {exc}", secrets)
    except (
        Exception
    ) as exc:  # a channel plugin bug must not lose the alert (no traceback: it may hold the URL)
        error = redact(f"{type(exc).__name__}: {exc}", secrets)
        log.warning("sending to subscription %s failed unexpectedly: %s", out.subscription.name, error)
    else:
        marked = _mark_delivered(engine, token, out.row_ids)
        if marked < len(out.row_ids):
            log.warning(
                "subscription %s: claim lost before marking; a duplicate is possible", out.subscription.name
            )
        report.messages_sent += 1
        report.alerts_delivered += marked
        return
    log.warning(
        "subscription %s: delivery failed (attempt %d): %s", out.subscription.name, out.attempts, error
    )
    _mark_failed(engine, token, out.row_ids, error, clock_now() + backoff.delay(out.attempts))
    report.alerts_failed += len(out.row_ids)
    report.errors.append(error)


# -- the channel ---------------------------------------------------------------------------------------

EMAIL_SCHEMES = ("mailto", "mailtos")
WEBHOOK_SCHEMES = ("json", "jsons", "form", "forms", "xml", "xmls")  # apprise's generic HTTP webhooks
MESSAGE_ID_HEADER = "X-Chitieu-Message-Id"
_HOST_IS_A_HOST = (*EMAIL_SCHEMES, *WEBHOOK_SCHEMES)  # elsewhere apprise's "host" is often a token
_CHANNEL_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.util.retry", "requests", __name__)


def apprise_send(url: str, message: alerts.Message) -> None:
    """Send ``message`` to one apprise URL: HTML (with apprise's plain-text part) for email, text elsewhere.

    Raises DeliveryError with the channel's complaint; the URL (which may hold secrets) is never logged.
    """
    import apprise

    expanded = expand_url(url)
    secrets = url_secrets(url) | url_secrets(expanded)
    scheme = urlsplit(expanded).scheme.lower()
    if message.key and scheme in WEBHOOK_SCHEMES:
        expanded += ("&" if "?" in expanded else "?") + f"+{MESSAGE_ID_HEADER}={message.key}"
    is_email = scheme in EMAIL_SCHEMES
    body, body_format = (
        (message.html, apprise.NotifyFormat.HTML) if is_email else (message.text, apprise.NotifyFormat.TEXT)
    )
    with redacting(secrets):
        app = apprise.Apprise()
        if not app.add(expanded):
            raise DeliveryError("not a usable apprise URL (check the subscription's url)")
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
            ok = app.notify(body=body, title=message.title, body_format=body_format)
    if not ok:
        complaint = captured.getvalue().strip().splitlines()
        detail = complaint[-1] if complaint else "the channel refused the message"
        raise DeliveryError(redact(detail, secrets)[:500])


def url_secrets(url: str) -> frozenset[str]:
    """The parts of an apprise URL that may be secrets: password, path segments, query values, and the
    host of service schemes (``slack://TokenA/TokenB/TokenC``), plain and %-encoded. ``${ENV}`` references
    are expanded when they can be."""
    with suppress(ChitieuError):
        url = expand_url(url)
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # not even a URL: treat it all as secret
        return frozenset({url}) if len(url) >= 4 else frozenset()
    found = set(parts.path.split("/")) | {value for _key, value in parse_qsl(parts.query)}
    if parts.scheme.lower() not in _HOST_IS_A_HOST:  # tgram://123456:AAbb.../, slack://TokenA/...
        host = parts.netloc.rsplit("@", 1)[-1]
        found |= {host, *host.split(":")}
    found = {f for f in found if len(f) >= 6}
    if password and len(password) >= 4:
        found.add(password)
    return frozenset(found | {unquote(f) for f in found} | {quote(f, safe="") for f in found})


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class _Redactor(logging.Filter):
    """Rewrites a log record (message and traceback) with ``secrets`` replaced by ``***``."""

    def __init__(self, secrets: frozenset[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
            record.exc_info = None
        return True


@contextmanager
def redacting(secrets: frozenset[str]) -> Iterator[None]:
    """While sending: no record of the channel's loggers (or ours) shows one of ``secrets``."""
    if not secrets:
        yield
        return
    redactor = _Redactor(secrets)
    loggers = [logging.getLogger(name) for name in _CHANNEL_LOGGERS]
    for logger in loggers:
        logger.addFilter(redactor)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redactor)


def pending_count(session: Session) -> int:
    from sqlalchemy import func

    return (
        session.scalar(select(func.count()).select_from(AlertOutbox).where(AlertOutbox.state != "delivered"))
        or 0
    )
