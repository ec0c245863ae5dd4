"""The small error hierarchy. Errors are caught at the per-source or per-document boundary and recorded."""


class ChitieuError(Exception):
    """Base of every error chitieu raises on purpose."""


class InputError(ChitieuError):
    """A file or body we cannot read as a document (missing, empty, binary, wrong encoding, too large)."""


class FetchError(ChitieuError):
    """A page could not be fetched (timeout, HTTP error, reset, redirect loop, refused address)."""


class ExtractError(ChitieuError):
    """A fetched body could not be turned into text (broken PDF, OCR failure, unsupported type)."""


class StorageError(ChitieuError):
    """The database or the archive refused a write or could not be reached."""


class DeliveryError(ChitieuError):
    """An alert could not be delivered on this attempt (it stays queued)."""
