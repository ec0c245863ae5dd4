"""A local SMTP sink (aiosmtpd on 127.0.0.1, a free port) that appends every message to an mbox file.

The demo points a ``mailto://`` subscription at it, so the alert goes through the same apprise/SMTP path
as in production and lands in a mailbox file any mail reader (or ``mailbox.mbox``) can open. Tests use
it as a real SMTP server; ``refuse`` makes it answer 451 (temporarily unavailable) to simulate an outage.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import socket
import threading
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any


def free_port() -> int:
    """A port free on 127.0.0.1 right now (aiosmtpd cannot bind port 0 and report it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailSink:
    def __init__(
        self, mbox_path: Path | None = None, refuse: bool = False, delay: float = 0.0, port: int | None = None
    ) -> None:
        self.mbox_path = mbox_path
        self._port = port or free_port()
        self.refuse = refuse
        self.delay = delay  # seconds to wait before accepting (tests kill the sender meanwhile)
        self.messages: list[EmailMessage] = []
        self.received = threading.Event()
        self._lock = threading.Lock()
        self._controller: Any = None

    # aiosmtpd handler hook
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import asyncio

        if self.refuse:
            return "451 4.3.0 Mail server temporarily unavailable"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
            if self.mbox_path is not None:
                self._append(envelope.content)
        self.received.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"

    def _append(self, raw: bytes) -> None:
        assert self.mbox_path is not None
        self.mbox_path.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.mbox(str(self.mbox_path))
        try:
            box.lock()
            box.add(mailbox.mboxMessage(raw))
            box.flush()
        finally:
            box.unlock()
            box.close()

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> MailSink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self._port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def mailto_url(self, to: str = "archivist@example.org", sender: str = "chitieu@example.org") -> str:
        """An apprise URL that delivers to this sink (plain SMTP, no login)."""
        return f"mailto://127.0.0.1:{self.port}?from={sender}&to={to}&mode=insecure"
