"""cleaner — find and fix what scraping broke in news text.

The public API, and nothing else.
"""

__version__ = "0.1.0"

from .api import Cleaner  # noqa: E402
from .config import Config  # noqa: E402
from .document import Document  # noqa: E402
from .errors import CleanerError  # noqa: E402
from .findings import Finding, Fix, Severity  # noqa: E402
from .pipeline import Result  # noqa: E402
from .sources import Rejected  # noqa: E402

__all__ = ["Cleaner", "CleanerError", "Config", "Document", "Finding", "Fix", "Rejected", "Result", "Severity", "__version__"]
