"""Regenerate ``sentry_compat/normalize/_ua_regexes.py`` from the ua-parser 0.7.3 that the
oracle's Python 2.7 venv has installed (the version 9.1.2 resolved ``ua-parser>=0.6.1,<0.8.0``
to).  ua-parser and its regexes (uap-core) are Apache-2.0: see NOTICES.

    python3 -m tests.normalize.gen_ua_regexes [--oracle-dir ~/.cache/sentry-compat/oracle]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

TARGET = Path(__file__).resolve().parents[2] / "sentry_compat" / "normalize" / "_ua_regexes.py"

DUMP = r"""
import json
from ua_parser import user_agent_parser as r
def ua(p): return [p.pattern, p.family_replacement, p.v1_replacement, p.v2_replacement]
def os_(p): return [p.pattern, p.os_replacement, p.os_v1_replacement, p.os_v2_replacement, p.os_v3_replacement, p.os_v4_replacement]
def dev(p): return [p.pattern, 'i' if p.user_agent_re.flags & 2 else None, p.device_replacement, p.brand_replacement, p.model_replacement]
print(json.dumps({'ua': [ua(p) for p in r.USER_AGENT_PARSERS], 'os': [os_(p) for p in r.OS_PARSERS], 'device': [dev(p) for p in r.DEVICE_PARSERS]}))
"""

HEADER = '''"""ua-parser 0.7.3's bundled regexes (uap-core), as data.  GENERATED, do not edit:
``python3 -m tests.normalize.gen_ua_regexes``.

Copyright 2009 Google Inc. and the ua-parser contributors; Apache License 2.0
(http://www.apache.org/licenses/LICENSE-2.0); see NOTICES.  Each row is a
``UserAgentParser``/``OSParser``/``DeviceParser`` of ``ua_parser/_regexes.py``, in order.
"""

# fmt: off
# ruff: noqa: E501
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--oracle-dir", type=Path, default=Path.home() / ".cache/sentry-compat/oracle"
    )
    args = parser.parse_args()
    python = args.oracle_dir / "venv" / "bin" / "python"
    data = json.loads(
        subprocess.run([str(python), "-c", DUMP], check=True, capture_output=True, text=True).stdout
    )
    lines = [HEADER]
    for name, key in (
        ("USER_AGENT_PARSERS", "ua"),
        ("OS_PARSERS", "os"),
        ("DEVICE_PARSERS", "device"),
    ):
        lines.append("%s: tuple[tuple[str | None, ...], ...] = (\n" % name)
        for row in data[key]:
            lines.append(
                "    (%s),\n" % ", ".join(repr(v) for v in row) + ("" if len(row) > 1 else ",")
            )
        lines.append(")\n\n")
    TARGET.write_text("".join(lines).rstrip() + "\n", encoding="utf-8")
    print(TARGET, {k: len(v) for k, v in data.items()})


if __name__ == "__main__":
    main()
