"""``python -m sentry_compat.capture [--port P] [--dir D] [--key K] [--project N]``: a bare capture server.

Prints the DSN on its first line of output and serves until interrupted.  The
``compat capture --listen`` command is the friendlier front end; this entry
point exists for benchmarks and scripts that want no CLI dependencies beyond aiohttp.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .server import CaptureConfig, CaptureServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sentry_compat.capture")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--key", default=None)
    parser.add_argument("--project", default="1")
    parser.add_argument("--durable", action="store_true", help="fsync every record")
    args = parser.parse_args(argv)
    config = CaptureConfig(
        host=args.host,
        port=args.port,
        project_id=args.project,
        directory=args.dir,
        durable=args.durable,
    )
    if args.key:
        config = CaptureConfig(**{**config.__dict__, "public_key": args.key})
    server = CaptureServer(config)

    def ready(srv: CaptureServer) -> None:
        print(srv.dsn, flush=True)
        print(f"records: {srv.directory}", file=sys.stderr, flush=True)

    server.serve_forever(on_ready=ready)


if __name__ == "__main__":
    main()
