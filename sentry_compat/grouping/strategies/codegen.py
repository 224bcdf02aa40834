"""Rules shared by the legacy and new frame strategies of Sentry 9.1.2.

The Java/Clojure code-generation regexes and the recursion test are identical in
``src/sentry/grouping/strategies/legacy_stacktrace.py`` and ``stacktrace.py``. All
patterns were py2 ``str`` patterns, hence ``re.ASCII``.
"""

from __future__ import annotations

import re
from typing import Any

from sentry_compat.interfaces.stacktrace import Frame

__all__ = [
    "RECURSION_COMPARISON_FIELDS",
    "is_recursion",
    "java_assist_enhancer_re",
    "remove_java_codegen_markers",
    "ruby_anon_func_re",
]

ruby_anon_func_re = re.compile(r"_\d{2,}", re.ASCII)

# OpenJDK reflection accessors; GeneratedMethodAccessorNNN is deliberately not covered
java_reflect_enhancer_re = re.compile(
    r"(sun\.reflect\.Generated(?:Serialization)?ConstructorAccessor)\d+", re.ASCII
)
# Spring CGLIB classes
java_cglib_enhancer_re = re.compile(r"(\$\$[\w_]+?CGLIB\$\$)[a-fA-F0-9]+(_[0-9]+)?", re.ASCII)
# Javassist classes and filenames
java_assist_enhancer_re = re.compile(r"(\$\$_javassist)(?:_seam)?(?:_[0-9]+)?", re.ASCII)
# Clojure anonymous functions
clojure_enhancer_re = re.compile(r"(\$fn__)\d+", re.ASCII)

#: the frame fields that must all be equal for a frame to repeat its predecessor
RECURSION_COMPARISON_FIELDS = [
    "abs_path",
    "package",
    "module",
    "filename",
    "function",
    "lineno",
    "colno",
]

REFLECTION_ACCESSOR_PREFIX = "sun.reflect.GeneratedMethodAccessor"


def remove_java_codegen_markers(module: str) -> str:
    """Apply the reflect, CGLIB, javassist and Clojure substitutions in that order."""
    module = java_reflect_enhancer_re.sub(r"\1<auto>", module)
    module = java_cglib_enhancer_re.sub(r"\1<auto>", module)
    module = java_assist_enhancer_re.sub(r"\1<auto>", module)
    return clojure_enhancer_re.sub(r"\1<auto>", module)


def is_recursion(frame1: Any, frame2: Any) -> bool:
    """Both frames agree on every recursion field (``in_app`` is not compared)."""
    # src/sentry/grouping/strategies/legacy_stacktrace.py: is_recursion_legacy
    if type(frame1) is Frame and type(frame2) is Frame:
        # a Frame's fields are its _data (no class attribute has these names)
        data1, data2 = frame1._data, frame2._data
        for field in RECURSION_COMPARISON_FIELDS:
            if data1.get(field) != data2.get(field):
                return False
        return True
    for field in RECURSION_COMPARISON_FIELDS:
        if getattr(frame1, field, None) != getattr(frame2, field, None):
            return False
    return True
