"""The order in which 9.1.2 turned a raw event into the stored event.

``normalize()`` runs these steps; each one is a module of this package:

1. decode: bytes/str/dict -> a fresh dict (the input is never mutated);
   anything that is not a JSON object raises :class:`~sentry_compat.NotAnEventError`.
2. canonical keys (``src/sentry/utils/canonical.py: CanonicalKeyDict``): legacy aliases such as
   ``sentry.interfaces.Exception`` and top-level ``message`` become canonical keys.
3. the semaphore step (``EventManager._normalize_impl`` -> ``StoreNormalizer``): every field is
   validated, coerced, defaulted and trimmed; problems go to ``_meta`` and ``errors``.  Its rules
   were observed on 9.1.2 + semaphore 0.4.65 (never read from source); one module per interface,
   dispatched by :data:`FIELD_HANDLERS`.
4. ``normalize_user_agent`` (Python, after semaphore): browser/os/device contexts from the
   ``User-Agent`` request header (:mod:`.useragent`).
5. ``use_rust_normalize = True``.
6. data scrubbing (``process_event`` in ``src/sentry/web/api.py``; on by default): :mod:`.scrubbing`.
7. the processing stage (``tasks/store.py``): platform plugins, e.g. JavaScript (:mod:`.javascript`).
8. ``EventManager.save``: culprit, tags, in_app rewrite, fingerprint, hashes (grouping), type,
   metadata, title, location (:mod:`.save`).
9. the stored view (``Event.as_dict``) that the UI "JSON" link shows (:mod:`.view`).

Where 9.1.2 stored nothing (an invalid transaction, an inbound filter, a crash of the store
endpoint or of the processing stage: :mod:`.outcome`), the refusing step is skipped and the
rest runs as if it had let the event through; :func:`run_outcome` also says why.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import (
    breadcrumbs,
    contexts,
    debug_meta,
    event,
    exception,
    javascript,
    logentry,
    outcome,
    request,
    save,
    scrubbing,
    sdk,
    security,
    stacktrace,
    template,
    threads,
    user,
    useragent,
    view,
)
from .context import Context
from .options import NormalizeOptions

__all__ = ["FIELD_HANDLERS", "run", "run_ingest", "run_outcome"]

Handler = Callable[[Any, Context, tuple[str | int, ...]], Any]

#: Interface fields and the module that normalizes each (top-level scalar fields are handled by
#: :mod:`.event`, which also decides the order fields are processed in).
FIELD_HANDLERS: dict[str, Handler] = {
    "logentry": logentry.normalize_logentry,
    "exception": exception.normalize_exception,
    "stacktrace": stacktrace.normalize_stacktrace,
    "threads": threads.normalize_threads,
    "template": template.normalize_template,
    "request": request.normalize_request,
    "user": user.normalize_user,
    "contexts": contexts.normalize_contexts,
    "breadcrumbs": breadcrumbs.normalize_breadcrumbs,
    "debug_meta": debug_meta.normalize_debug_meta,
    "sdk": sdk.normalize_sdk,
    "csp": security.normalize_csp,
    "hpkp": security.normalize_hpkp,
    "expectct": security.normalize_expectct,
    "expectstaple": security.normalize_expectstaple,
}


def run_ingest(data: dict[str, Any], options: NormalizeOptions) -> tuple[dict[str, Any], Context]:
    """Steps 2 to 5 (what ``EventManager._normalize_impl`` did): the event as 9.1.2 had it right
    after normalization, before scrubbing, processing and saving.  This is what
    ``sentry_compat.reference.semaphore_step`` returns from the real 9.1.2, step for step."""
    received = options.received if options.received is not None else time.time()
    received = round(received, 6)  # semaphore's clock had microseconds
    ctx = Context(options=options, received=received)
    data = event.canonicalize(data)
    data = event.normalize_event(data, ctx, FIELD_HANDLERS)  # the semaphore step
    ctx.event = data
    useragent.normalize_user_agent(data)
    data["use_rust_normalize"] = True
    return data, ctx


def run(data: dict[str, Any], options: NormalizeOptions) -> dict[str, Any]:
    """Steps 2 to 9 on a decoded, private copy of the event; returns the stored view."""
    return run_outcome(data, options, judge=False)[0]


def run_outcome(
    data: dict[str, Any], options: NormalizeOptions, *, judge: bool = True
) -> tuple[dict[str, Any], str | None]:
    """:func:`run` and, with ``judge``, why 9.1.2 stored nothing for the event (None: it
    stored it; see :mod:`.outcome`).  A refusing step is skipped: the stored view is what
    9.1.2 would have stored had it let the event through."""
    data, ctx = run_ingest(data, options)
    reason = ctx.refusal
    if judge and reason is None:
        reason = outcome.store_refusal(data)  # process_event runs the filters before scrubbing
    scrubbing.scrub_event(data, options)
    javascript.process(data, ctx)
    if reason is None and javascript.DROPPED_KEY in ctx.moved:
        reason = "processing: " + str(ctx.moved[javascript.DROPPED_KEY])
    data = save.save(data, ctx)
    if judge and reason is None:
        reason = outcome.save_refusal(data)
    return view.as_dict(data, ctx), reason
