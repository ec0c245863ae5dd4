"""The archivist web UI and JSON API (``chitieu serve``): read-only for everyone, changes behind a token.

``web.app.create_app`` builds the FastAPI application; HTML pages live in ``web.routes.pages``, the JSON
API under ``/api/`` in ``web.routes.api`` and the authenticated actions in ``web.routes.admin``. Scraped
text is hostile input: templates autoescape, highlighting and diffs escape every segment they wrap, and
every response carries a strict Content-Security-Policy (no inline script at all).
"""
