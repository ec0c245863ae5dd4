"""Routers: ``pages`` (HTML), ``api`` (JSON under /api/), ``admin`` (authenticated form actions)."""
