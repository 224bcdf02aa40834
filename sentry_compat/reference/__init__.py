"""The reference oracle: a real BSD Sentry 9.1.2 run locally, and the harvest of its references.

Above the library line: this package may use third-party packages (requests), imported lazily.
`import sentry_compat` never imports it.
"""

from __future__ import annotations
