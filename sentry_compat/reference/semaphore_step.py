"""Run only 9.1.2's ingest-normalization step (semaphore + its Python wrapper), fast.

``EventManager._normalize_impl`` of Sentry 9.1.2 is: legacy key aliasing, semaphore's
``StoreNormalizer``, then ``normalize_user_agent``.  The full oracle (``probe``) answers in
about 0.4 s per event because it also saves, groups and serves the event; this runs only that
step, in the oracle's own Python 2.7 venv, at thousands of events per second, so the normalizer
can be compared rule by rule.  semaphore is called as a black box (its source is under the
Business Source License and is never read).  ``received`` comes from semaphore's clock: mask it.

    with SemaphoreStep() as step:
        stored = step.normalize({"message": "hi", "level": "warn"})
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .state import OracleState, resolve_state

__all__ = ["SemaphoreStep", "SemaphoreStepError"]

SCRIPT = Path(__file__).with_name("data") / "semaphore_step.py"


class SemaphoreStepError(RuntimeError):
    """The step could not run (no oracle venv) or failed on an event."""


class SemaphoreStep:
    """A long-lived Python 2.7 process normalizing one event per line."""

    def __init__(self, state: OracleState | None = None):
        if state is None:
            try:
                state = resolve_state()
            except Exception as exc:
                raise SemaphoreStepError(f"no oracle: {exc} (run `compat reference up`)") from None
        self.dir = Path(state.dir)
        python = self.dir / "venv" / "bin" / "python"
        if not python.exists():
            raise SemaphoreStepError(f"no oracle venv at {python}")
        env = {
            **os.environ,
            "SENTRY_CONF": str(self.dir / "conf"),
            "SENTRY_SKIP_SERVICE_VALIDATION": "1",
        }
        self._proc = subprocess.Popen(
            [str(python), str(SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )

    def normalize(self, event: dict[str, Any], **options: Any) -> dict[str, Any]:
        """9.1.2's normalized event for ``event`` (options: client_ip, client, key_id, project_id,
        protocol_version, grouping_config, user_agent_step)."""
        [result] = list(self.normalize_many([event], **options))
        return result

    def normalize_many(
        self, events: Iterable[dict[str, Any]], **options: Any
    ) -> Iterator[dict[str, Any]]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        for event in events:
            self._proc.stdin.write(json.dumps({"event": event, **options}) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
            if not line:
                raise SemaphoreStepError("the semaphore step process exited")
            answer = json.loads(line)
            if "error" in answer:
                raise SemaphoreStepError(answer["error"])
            yield answer["data"]

    def close(self) -> None:
        if self._proc.poll() is None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait(timeout=10)

    def __enter__(self) -> SemaphoreStep:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
