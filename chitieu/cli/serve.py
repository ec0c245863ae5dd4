"""``chitieu serve``: the archivist web UI and JSON API (read-only unless an admin token is set)."""

from __future__ import annotations

import logging

import click

log = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@click.option("--db", "db_url", metavar="URL", help="Database URL (default: CHITIEU_DB_URL).")
def serve(host: str, port: int, db_url: str | None) -> None:
    """Serve the web UI and the JSON API (OpenAPI at /api/openapi.json).

    Everyone may read; adding sources and re-parsing need the admin token from CHITIEU_ADMIN_TOKEN.
    """
    import uvicorn

    from chitieu.errors import StorageError
    from web.app import create_app

    try:
        app = create_app(db_url)
    except StorageError as exc:
        raise click.ClickException(str(exc)) from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: the UI is reachable from other machines", host)
    click.echo(f"chitieu web UI on http://{host}:{port}/  (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)


COMMANDS = [serve]
