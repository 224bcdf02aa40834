# -*- coding: utf-8 -*-
"""Run *only* Sentry 9.1.2's semaphore step on events, fast, for normalizer experiments.

Runs under the oracle's Python 2.7 venv (which has sentry 9.1.2 and semaphore 0.4.65 installed)::

    SENTRY_CONF=<oracle>/conf <oracle>/venv/bin/python semaphore_step.py < requests.jsonl > results.jsonl

Each input line is ``{"event": {...}, "client_ip": ..., "client": ..., "protocol_version": ...,
"project_id": ..., "key_id": ...}``; each output line is ``{"data": <normalized>}`` or
``{"error": "..."}``.  It reproduces ``EventManager._normalize_impl`` of 9.1.2
(src/sentry/event_manager.py): CanonicalKeyDict, then semaphore's StoreNormalizer with the
options 9.1.2 passes, then ``normalize_user_agent``.  semaphore is used as a black box (its
source is under the Business Source License and is never read).  ``received`` is semaphore's
own clock: mask it when comparing.
"""
from __future__ import absolute_import, print_function

import json
import os
import sys

# Results go to the real stdout; anything Sentry prints while it starts goes to stderr.
OUT = os.fdopen(os.dup(1), 'w')
os.dup2(2, 1)

# Sentry's own settings (the oracle's config dir), so its Python helpers behave as in the server.
from sentry.runner import configure  # noqa: E402

os.environ.setdefault('SENTRY_SKIP_SERVICE_VALIDATION', '1')  # reads SENTRY_CONF
configure()

from semaphore.processing import StoreNormalizer  # noqa: E402
from sentry.utils.canonical import CanonicalKeyDict  # noqa: E402
from sentry.utils.contexts_normalization import normalize_user_agent  # noqa: E402

VALID_PLATFORMS = [
    'as3', 'c', 'cfml', 'cocoa', 'csharp', 'go', 'java', 'javascript', 'node', 'objc',
    'other', 'perl', 'php', 'python', 'ruby', 'elixir', 'haskell', 'groovy', 'native',
]


def normalize(request):
    normalizer = StoreNormalizer(
        geoip_lookup=None,
        project_id=request.get('project_id', 2),
        client_ip=request.get('client_ip', '127.0.0.1'),
        client=request.get('client', 'sentry-compat-oracle/1.0'),
        key_id=request.get('key_id', '2'),
        grouping_config=request.get('grouping_config', {'id': 'legacy:2019-03-12'}),
        protocol_version=request.get('protocol_version', '7'),
        stacktrace_frames_hard_limit=250,
        max_stacktrace_frames=50,
        valid_platforms=VALID_PLATFORMS,
        max_secs_in_future=60,
        max_secs_in_past=2592000,
        enable_trimming=True,
        is_renormalize=False,
    )
    data = CanonicalKeyDict(request['event'])
    data = CanonicalKeyDict(normalizer.normalize_event(dict(data)))
    if request.get('user_agent_step', True):
        normalize_user_agent(data)
    data['use_rust_normalize'] = True
    return dict(data)


def main():
    while True:
        line = sys.stdin.readline()  # not `for line in sys.stdin`: py2 reads ahead and blocks
        if not line:
            break
        line = line.strip()
        if not line:
            continue
        try:
            out = {'data': normalize(json.loads(line))}
        except Exception as exc:  # report, keep going
            out = {'error': '%s: %s' % (type(exc).__name__, exc)}
        OUT.write(json.dumps(out) + '\n')
        OUT.flush()


if __name__ == '__main__':
    main()
