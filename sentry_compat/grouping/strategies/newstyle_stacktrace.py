"""New-style frame and stacktrace strategies (``frame:v1``, ``stacktrace:v1``, ``new:wip``).

Ports ``src/sentry/grouping/strategies/stacktrace.py``: a frame hashes its module
(else its lower-cased basename) and a per-platform cleaned function; context lines,
symbols and line numbers are never used; no single-frame or 10% in-app rules.
"""

from __future__ import annotations

import re
from typing import Any

from sentry_compat import _py2
from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import StrategyConfiguration, strategy
from sentry_compat.grouping.strategies.codegen import (
    REFLECTION_ACCESSOR_PREFIX,
    java_assist_enhancer_re,
    remove_java_codegen_markers,
    ruby_anon_func_re,
)
from sentry_compat.grouping.strategies.legacy_stacktrace import stacktrace_frames_components
from sentry_compat.grouping.strategies.native import isolate_native_function_v1

__all__ = [
    "frame_v1",
    "get_filename_component_v1",
    "get_function_component_v1",
    "get_module_component_v1",
    "stacktrace_v1",
]

_basename_re = re.compile(r"[/\\]")


def abs_path_is_url_v1(abs_path: str | None) -> bool:
    if not abs_path:
        return False
    return abs_path.startswith(("blob:", "file:", "http:", "https:", "applewebdata:"))


def get_filename_component_v1(
    abs_path: str | None, filename: str | None, platform: str | None
) -> GroupingComponent:
    """The lower-cased basename, off for URL frames, ``<anonymous>`` and ``[native code]``."""
    # src/sentry/grouping/strategies/stacktrace.py: get_filename_component_v1
    if filename is None:
        return GroupingComponent(id="filename")
    filename = _py2.unicode_lower(_basename_re.split(filename)[-1])
    filename_component = GroupingComponent(id="filename", values=[filename])
    if abs_path_is_url_v1(abs_path):
        filename_component.update(contributes=False, hint="ignored because frame points to a URL")
    elif filename == "<anonymous>":
        filename_component.update(contributes=False, hint="anonymous filename discarded")
    elif filename == "[native code]":
        filename_component.update(contributes=False, hint="native code indicated by filename")
    elif platform == "java":
        new_filename = java_assist_enhancer_re.sub(r"\1<auto>", filename)
        if new_filename != filename:
            filename_component.update(values=[new_filename], hint="cleaned javassist parts")
    return filename_component


def get_module_component_v1(
    abs_path: str | None, module: str | None, platform: str | None
) -> GroupingComponent:
    """The module, off for bad JS modules and Java lambdas, Java codegen markers cleaned."""
    # src/sentry/grouping/strategies/stacktrace.py: get_module_component_v1
    if module is None:
        return GroupingComponent(id="module")
    module_component = GroupingComponent(id="module", values=[module])
    if platform == "javascript" and "/" in module and abs_path and abs_path.endswith(module):
        module_component.update(contributes=False, hint="ignored bad javascript module")
    elif platform == "java":
        if "$$Lambda$" in module:
            module_component.update(contributes=False, hint="ignored java lambda")
        # update(values=...) recomputes contributes: a cleaned lambda contributes again
        if module[:35] == REFLECTION_ACCESSOR_PREFIX:
            module_component.update(
                values=[REFLECTION_ACCESSOR_PREFIX], hint="removed reflection marker"
            )
        else:
            new_module = remove_java_codegen_markers(module)
            if new_module != module:
                module_component.update(values=[new_module], hint="removed codegen marker")
    return module_component


def get_function_component_v1(function: str | None, platform: str | None) -> GroupingComponent:
    """The function, cleaned per platform (ruby, php, java, objc/cocoa/native)."""
    # src/sentry/grouping/strategies/stacktrace.py: get_function_component_v1
    if not function:
        return GroupingComponent(id="function")
    function_component = GroupingComponent(id="function", values=[function])
    if platform == "ruby":
        if function.startswith("block "):
            function_component.update(values=["block"], hint="ruby block")
        else:
            new_function = ruby_anon_func_re.sub("_<anon>", function)
            if new_function != function:
                function_component.update(values=[new_function], hint="removed integer suffix")
    elif platform == "php":
        if function.startswith("[Anonymous"):
            function_component.update(contributes=False, hint="ignored anonymous function")
    elif platform == "java":
        if function.startswith("lambda$"):
            function_component.update(contributes=False, hint="ignored lambda function")
    elif platform in ("objc", "cocoa", "native"):
        if function in ("<redacted>", "<unknown>"):
            function_component.update(contributes=False, hint="ignored unknown function")
        else:
            new_function = isolate_native_function_v1(function)
            if new_function != function:
                function_component.update(values=[new_function], hint="isolated function")
    return function_component


@strategy(id="frame:v1", interfaces=["frame"], variants=["!system", "app"])
def frame_v1(frame: Any, event: Any, **meta: Any) -> GroupingComponent:
    # src/sentry/grouping/strategies/stacktrace.py: frame_v1
    platform = frame.platform or event.platform
    filename_component = get_filename_component_v1(frame.abs_path, frame.filename, platform)
    module_component = get_module_component_v1(frame.abs_path, frame.module, platform)
    if module_component.contributes and filename_component.contributes:
        filename_component.update(contributes=False, hint="module takes precedence")
    function_component = get_function_component_v1(frame.function, platform)
    return GroupingComponent(
        id="frame", values=[module_component, filename_component, function_component]
    )


@strategy(id="stacktrace:v1", interfaces=["stacktrace"], variants=["!system", "app"], score=1800)
def stacktrace_v1(
    stacktrace: Any, config: StrategyConfiguration, variant: str, **meta: Any
) -> GroupingComponent:
    # src/sentry/grouping/strategies/stacktrace.py: stacktrace_v1 (never "all frames in-app")
    values = stacktrace_frames_components(stacktrace.frames, variant, config, False, meta)
    return GroupingComponent(id="stacktrace", values=values, hint=None)
