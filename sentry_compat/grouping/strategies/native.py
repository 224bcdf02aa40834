"""Native (C/C++/ObjC/Rust) function name isolation of Sentry 9.1.2's ``new:wip`` config.

Ports ``src/sentry/grouping/strategies/utils.py`` (``replace_enclosed_string``,
``split_func_tokens``) and ``stacktrace.py: isolate_native_function_v1``: arguments,
template parameters, return types and ``const``/``&`` trailers are removed so that
``std::vector<int>::push_back(int const&)`` becomes ``std::vector<T>::push_back``.
Whitespace follows py2 ``unicode`` rules (:mod:`sentry_compat._py2`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sentry_compat import _py2

__all__ = ["isolate_native_function_v1", "replace_enclosed_string", "split_func_tokens"]

PAIRS = {"(": ")", "{": "}", "[": "]", "<": ">"}

_cpp_trailer_re = re.compile(r"(\bconst\b|&)$", re.ASCII)


def replace_enclosed_string(
    s: str, start: str, end: str, replacement: Callable[[str, int], str] | str | None = None
) -> str:
    """Replace every outermost ``start``...``end`` group (see the module docstring)."""
    # src/sentry/grouping/strategies/utils.py: replace_enclosed_string
    if start not in s:
        return s
    depth = 0
    rv = []
    pair_start = 0
    for idx, char in enumerate(s):
        if char == start:
            if depth == 0:
                pair_start = idx
            depth += 1
        elif char == end:
            depth -= 1
            if depth == 0 and replacement is not None:
                if callable(replacement):
                    rv.append(replacement(s[pair_start + 1 : idx], pair_start))
                else:
                    rv.append(replacement)
        elif depth == 0:
            rv.append(char)
    return "".join(rv)


def split_func_tokens(s: str) -> list[str]:
    """Whitespace-separated tokens, bracketed groups glued to the token around them."""
    # src/sentry/grouping/strategies/utils.py: split_func_tokens
    buf: list[str] = []
    rv: list[list[str]] = []
    stack: list[str] = []
    end = 0
    for idx, char in enumerate(s):
        if char in PAIRS:
            stack.append(PAIRS[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                buf.append(s[end : idx + 1])
                end = idx + 1
        elif not stack:
            if _py2.isspace(char):
                if buf:
                    rv.append(buf)
                buf = []
            else:
                buf.append(s[end : idx + 1])
            end = idx + 1
    if buf:
        rv.append(buf)
    return ["".join(x) for x in rv]


def _process_args(value: str, start: int) -> str:
    value = _py2.unicode_strip(value)
    if value in ("anonymous namespace", "operator"):
        return "(%s)" % value
    return ""


def _process_generics(value: str, start: int) -> str:
    # Rust <Foo as Bar>::baz keeps its leading group
    if start == 0:
        return "<%s>" % replace_enclosed_string(value, "<", ">", _process_generics)
    return "<T>"


def isolate_native_function_v1(function: str) -> str:
    """The bare function name of a native symbol (ObjC ``[...]`` names are kept)."""
    # src/sentry/grouping/strategies/stacktrace.py: isolate_native_function_v1
    original_function = function
    function = _py2.unicode_strip(function)
    if function.startswith(("[", "+[", "-[")):
        return function
    while True:
        match = _cpp_trailer_re.search(function)
        if match is None:
            break
        function = _rstrip_py2(function[: match.start()])
    function = (
        function.replace("operator<<", "operator\u27e8\u27e8")
        .replace("operator<", "operator\u27e8")
        .replace("operator()", "operator\u25ef")
    )
    function = replace_enclosed_string(function, "(", ")", _process_args)
    function = replace_enclosed_string(function, "<", ">", _process_generics)
    tokens = split_func_tokens(function)
    if tokens:
        return tokens[-1].replace("\u27e8", "<").replace("\u25ef", "()")
    return original_function


def _rstrip_py2(value: str) -> str:
    end = len(value)
    while end and _py2.isspace(value[end - 1]):
        end -= 1
    return value[:end]
