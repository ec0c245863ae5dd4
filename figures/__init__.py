"""Vietnamese target-list parser: text in, exact figures with provenance out.

Standalone on purpose: this package imports nothing else of chitieu's.
"""

from figures.model import Figure
from figures.parse import extract

__all__ = ["Figure", "extract"]
