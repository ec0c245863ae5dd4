"""All models, importable from one place (Alembic's ``env.py`` reads ``Base.metadata`` from here)."""

from storage.models.base import Base
from storage.models.change import CHANGE_KINDS, ChangeEvent
from storage.models.document import Document, DocumentCheck, DocumentURL, DocumentVersion
from storage.models.figure import StoredFigure
from storage.models.monitoring import AlertOutbox, CrawlLease, CrawlRun, Subscription
from storage.models.province import Province
from storage.models.source import Source

Figure = StoredFigure  # the stored figure; `figures.Figure` is the parser record

__all__ = [
    "CHANGE_KINDS",
    "AlertOutbox",
    "Base",
    "ChangeEvent",
    "CrawlLease",
    "CrawlRun",
    "Document",
    "DocumentCheck",
    "DocumentURL",
    "DocumentVersion",
    "Figure",
    "Province",
    "Source",
    "StoredFigure",
    "Subscription",
]
