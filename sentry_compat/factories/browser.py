"""The ``browser-chromium`` runner: browser SDKs in Debian's headless Chromium.

An npm prefix per factory and SDK version holds the SDK, ``esbuild`` and
``playwright-core`` (which downloads no browser: it drives Debian's
``/usr/bin/chromium``).  The SDK is bundled once into ``<prefix>/static/sdk.js``
(``[runner] bundle``: entry file and esbuild flags; ``{node_modules}`` expands).
A scenario runs ``error_factories/_shared/browser-driver.js``: it serves the
factory's page and the bundle on ``127.0.0.1:$FACTORY_PORT``, opens
``index.html?scenario=NAME`` in Chromium, and waits until the SDK's requests to
the DSN are done.  The page is on another origin than the capture server, as on
a real site (CORS, ``text/plain`` bodies, auth in the query string).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .manifest import Factory, FactoryError
from .runners import (
    Log,
    PreparedFactory,
    _env_key,
    _locked_build,
    _run,
    cache_dir,
    node_tools,
    npm_install,
    register_runner,
)

__all__ = ["CHROMIUM_ARGS", "chromium_path"]

#: the flags sdks.md found to work for Debian's chromium under playwright-core
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PLAYWRIGHT = "playwright-core@1.65.1"
ESBUILD = "esbuild@0.25.5"


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _prepare_browser(factory: Factory, version: str, log: Log) -> PreparedFactory:
    npm, _, node_version = node_tools(factory)
    chromium = chromium_path()
    if not chromium:
        raise FactoryError(
            f"factory {factory.name!r} needs Debian's chromium: apt-get install chromium"
        )
    runner = factory.runner_for(version)
    packages = [p.format(version=version) for p in runner.get("packages", [])]
    packages += [PLAYWRIGHT, ESBUILD]
    bundle = runner.get("bundle")
    if not isinstance(bundle, dict) or "entry" not in bundle:
        raise FactoryError(f"factory {factory.name!r}: [runner] bundle needs an entry")
    entry_text = ""
    entry_file = factory.directory / str(bundle["entry"])
    if entry_file.is_file():
        entry_text = entry_file.read_text()
    key = _env_key([node_version, *packages, repr(sorted(bundle.items())), entry_text])
    target = cache_dir() / "browser" / f"{factory.name}-{version}-{key}"

    def build(tmp: Path) -> None:
        npm_install(npm, tmp, packages, log)
        (tmp / "static").mkdir()
        values = {"node_modules": str(tmp / "node_modules"), "dir": str(factory.directory)}
        entry = str(bundle["entry"]).format(**values)
        if not entry.startswith("/"):
            entry = str(factory.directory / entry)
        flags = [str(f).format(**values) for f in bundle.get("flags", [])]
        _run(
            [
                str(tmp / "node_modules" / ".bin" / "esbuild"),
                entry,
                "--bundle",
                "--format=iife",
                f"--outfile={tmp / 'static' / 'sdk.js'}",
                "--log-level=warning",
                *flags,
            ],
            log,
            "esbuild",
            cwd=tmp,
            env={
                "PATH": "/usr/local/bin:/usr/bin:/bin",
                # Debian's node-* packages (node-raven-js) live in /usr/share/nodejs
                "NODE_PATH": f"{tmp / 'node_modules'}:/usr/share/nodejs",
            },
        )

    _locked_build(target, build, log)
    driver = factory.directory.parent / "_shared" / "browser-driver.js"
    return PreparedFactory(
        factory=factory,
        sdk_version=version,
        environment=target,
        substitutions={
            "dir": str(factory.directory),
            "driver": str(driver),
            "node_modules": str(target / "node_modules"),
        },
        machine_paths={"node_modules": str(target / "node_modules")},
        env={
            "NODE_PATH": str(target / "node_modules"),
            "FACTORY_STATIC": str(target / "static"),
            "FACTORY_PAGE_DIR": str(factory.directory),
            "CHROMIUM": chromium,
            "CHROMIUM_ARGS": " ".join(CHROMIUM_ARGS),
        },
    )


register_runner("browser-chromium", _prepare_browser, ("node", "npm"))
