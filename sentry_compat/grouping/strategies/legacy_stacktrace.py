"""Legacy frame and stacktrace strategies (``frame:legacy``, ``stacktrace:legacy``).

Ports ``src/sentry/grouping/strategies/legacy_stacktrace.py``: the 9.0-era hashing
re-expressed as components. A frame hashes its module (else its cleaned filename),
then its context line (if short enough), else symbol, function or line number.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import StrategyConfiguration, strategy
from sentry_compat.grouping.strategies.codegen import (
    REFLECTION_ACCESSOR_PREFIX,
    is_recursion,
    java_assist_enhancer_re,
    remove_java_codegen_markers,
    ruby_anon_func_re,
)

__all__ = [
    "frame_legacy",
    "remove_filename_outliers_legacy",
    "remove_function_outliers_legacy",
    "remove_module_outliers_legacy",
    "stacktrace_legacy",
]

_filename_version_re = re.compile(
    r"""(?:
    v?(?:\d+\.)*\d+|   # version numbers, v1, 1.0.0
    [a-f0-9]{7,8}|     # short sha
    [a-f0-9]{32}|      # md5
    [a-f0-9]{40}       # sha1
)/""",
    re.X | re.I | re.ASCII,
)


def is_url_legacy(filename: str) -> bool:
    return filename.startswith(("file:", "http:", "https:", "applewebdata:"))


def is_url_frame_legacy(frame: Any) -> bool:
    if not frame.abs_path:
        return False
    if frame.abs_path.startswith("blob:"):
        return True
    return is_url_legacy(frame.abs_path)


def is_unhashable_module_legacy(frame: Any, platform: str | None) -> bool:
    # the module is a partial copy of the URL, or a Java lambda class
    if (
        platform == "javascript"
        and "/" in frame.module
        and frame.abs_path
        and frame.abs_path.endswith(frame.module)
    ):
        return True
    return platform == "java" and "$$Lambda$" in frame.module


def is_unhashable_function_legacy(frame: Any) -> bool:
    # lambda$ (Java) and [Anonymous (PHP), on every platform
    return bool(frame.function.startswith(("lambda$", "[Anonymous")))


def remove_module_outliers_legacy(module: str, platform: str | None) -> tuple[str, str | None]:
    """Java only: collapse reflection accessors and code-generation markers."""
    if platform == "java":
        if module[:35] == REFLECTION_ACCESSOR_PREFIX:
            return REFLECTION_ACCESSOR_PREFIX, "removed reflection marker"
        new_module = remove_java_codegen_markers(module)
        if new_module != module:
            return new_module, "removed codegen marker"
    return module, None


def remove_filename_outliers_legacy(filename: str, platform: str | None) -> tuple[str, str | None]:
    """Cocoa: basename. Java: javassist parts. Everywhere else: version path segments."""
    if platform == "cocoa":
        return posixpath.basename(filename), "stripped to basename"
    removed = []
    if platform == "java":
        new_filename = java_assist_enhancer_re.sub(r"\1<auto>", filename)
        if new_filename != filename:
            removed.append("javassist parts")
            filename = new_filename
    new_filename = _filename_version_re.sub("<version>/", filename)
    if new_filename != filename:
        removed.append("version")
        filename = new_filename
    if removed:
        return filename, "removed %s" % " and ".join(removed)
    return filename, None


def remove_function_outliers_legacy(function: str) -> tuple[str, str | None]:
    """Ruby ``block `` prefixes and ``_NN`` suffixes (applied on every platform)."""
    if function.startswith("block "):
        return "block", "ruby block"
    new_function = ruby_anon_func_re.sub("_<anon>", function)
    if new_function != function:
        return new_function, "trimmed integer suffix"
    return new_function, None


@strategy(id="frame:legacy", interfaces=["frame"], variants=["!system", "app"])
def frame_legacy(frame: Any, event: Any, **meta: Any) -> GroupingComponent:
    # src/sentry/grouping/strategies/legacy_stacktrace.py: frame_legacy
    platform = frame.platform or event.platform
    contributes = None
    hint = None

    filename_component = GroupingComponent(id="filename")
    if frame.filename == "<anonymous>":
        filename_component.update(
            contributes=False, values=[frame.filename], hint="anonymous filename discarded"
        )
    elif frame.filename == "[native code]":
        contributes = False
        hint = "native code indicated by filename"
    elif frame.filename:
        if is_url_frame_legacy(frame):
            filename_component.update(
                contributes=False,
                values=[frame.filename],
                hint="ignored because filename is a URL",
            )
        elif frame.filename.startswith("Caused by: "):
            filename_component.update(
                values=[frame.filename], contributes=False, hint="ignored because invalid"
            )
        else:
            hashable_filename, hashable_filename_hint = remove_filename_outliers_legacy(
                frame.filename, platform
            )
            filename_component.update(values=[hashable_filename], hint=hashable_filename_hint)

    module_component = GroupingComponent(id="module")
    if frame.module:
        if is_unhashable_module_legacy(frame, platform):
            module_component.update(
                values=[
                    GroupingComponent(
                        id="salt", values=["<module>"], hint="normalized generated module name"
                    )
                ],
                hint="ignored module",
            )
        else:
            module_name, module_hint = remove_module_outliers_legacy(frame.module, platform)
            module_component.update(values=[module_name], hint=module_hint)
        if frame.filename:
            filename_component.update(
                values=[frame.filename], contributes=False, hint="module takes precedence"
            )

    context_line_component = GroupingComponent(id="context-line")
    if frame.context_line is not None:
        if len(frame.context_line) > 120:
            context_line_component.update(hint="discarded because line too long")
        elif is_url_frame_legacy(frame) and not frame.function:
            context_line_component.update(hint="discarded because from URL origin")
        else:
            context_line_component.update(values=[frame.context_line])

    symbol_component = GroupingComponent(id="symbol")
    function_component = GroupingComponent(id="function")
    lineno_component = GroupingComponent(id="lineno")

    if not context_line_component.contributes and (
        module_component.contributes or filename_component.contributes
    ):
        if frame.symbol:
            symbol_component.update(values=[frame.symbol])
            if frame.function:
                function_component.update(
                    contributes=False, values=[frame.function], hint="symbol takes precedence"
                )
            if frame.lineno:
                lineno_component.update(
                    contributes=False, values=[frame.lineno], hint="symbol takes precedence"
                )
        elif frame.function:
            if is_unhashable_function_legacy(frame):
                function_component.update(
                    values=[
                        GroupingComponent(
                            id="salt",
                            values=["<function>"],
                            hint="normalized lambda function name",
                        )
                    ]
                )
            else:
                function, function_hint = remove_function_outliers_legacy(frame.function)
                function_component.update(values=[function], hint=function_hint)
            if frame.lineno:
                lineno_component.update(
                    contributes=False, values=[frame.lineno], hint="function takes precedence"
                )
        elif frame.lineno:
            lineno_component.update(values=[frame.lineno])
    else:
        if frame.symbol:
            symbol_component.update(
                contributes=False,
                values=[frame.symbol],
                hint="symbol is used only if module or filename are available",
            )
        if frame.function:
            function_component.update(
                contributes=False,
                values=[frame.function],
                hint="function name is used only if module or filename are available",
            )
        if frame.lineno:
            lineno_component.update(
                contributes=False,
                values=[frame.lineno],
                hint="line number is used only if module or filename are available",
            )

    return GroupingComponent(
        id="frame",
        values=[
            module_component,
            filename_component,
            context_line_component,
            symbol_component,
            function_component,
            lineno_component,
        ],
        contributes=contributes,
        hint=hint,
    )


def _frame_component(
    frame: Any, variant: str, config: StrategyConfiguration, meta: dict[str, Any]
) -> GroupingComponent:
    """The frame delegate's component for ``frame``.  The frame strategies (``frame:legacy``,
    ``frame:v1``) never read the variant, and of what they return only the top component is
    changed afterwards (by the stacktrace strategies): while the config computes one event
    (``frame_components`` set), a frame is computed once and each variant gets a shallow copy."""
    cache = config.frame_components
    if cache is None:
        return config.get_grouping_component(frame, variant=variant, **meta)
    cached = cache.get(id(frame))
    if cached is None or cached[0] is not frame:
        cached = cache[id(frame)] = (
            frame,
            config.get_grouping_component(frame, variant=variant, **meta),
        )
    return cached[1].shallow_copy()


def stacktrace_frames_components(
    frames: list[Any],
    variant: str,
    config: StrategyConfiguration,
    all_frames_considered_in_app: bool,
    meta: dict[str, Any],
) -> list[GroupingComponent]:
    """Delegate each frame, then apply the in-app and recursion rules (both configs)."""
    # src/sentry/grouping/strategies/legacy_stacktrace.py: stacktrace_legacy (frame loop)
    values = []
    prev_frame = None
    for frame in frames:
        frame_component = _frame_component(frame, variant, config, meta)
        if variant == "app" and not frame.in_app and not all_frames_considered_in_app:
            frame_component.update(contributes=False, hint="non app frame")
        elif prev_frame is not None and is_recursion(frame, prev_frame):
            frame_component.update(contributes=False, hint="ignored due to recursion")
        elif variant == "app" and not frame.in_app and all_frames_considered_in_app:
            frame_component.update(hint="frame considered in-app because no frame is in-app")
        values.append(frame_component)
        prev_frame = frame
    return values


@strategy(
    id="stacktrace:legacy", interfaces=["stacktrace"], variants=["!system", "app"], score=1800
)
def stacktrace_legacy(
    stacktrace: Any, config: StrategyConfiguration, variant: str, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/legacy_stacktrace.py: stacktrace_legacy
    frames = stacktrace.frames
    contributes = None
    hint = None
    all_frames_considered_in_app = False

    if len(frames) == 1 and not frames[0].function and frames[0].is_url():
        contributes = False
        hint = "ignored single frame stack"
    elif variant == "app":
        total_frames = len(frames)
        in_app_count = sum(1 if f.in_app else 0 for f in frames)
        if in_app_count == 0:
            in_app_count = total_frames
            all_frames_considered_in_app = True
        if total_frames > 0 and in_app_count / float(total_frames) < 0.10:
            contributes = False
            hint = "less than 10% of frames are in-app"

    values = stacktrace_frames_components(
        frames, variant, config, all_frames_considered_in_app, meta
    )
    return GroupingComponent(id="stacktrace", values=values, contributes=contributes, hint=hint)
