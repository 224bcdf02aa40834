"""The template strategy (``template:v1``, ``src/sentry/grouping/strategies/template.py``).

Hashes the template's filename (as stored, not the basename) and context line.
"""

from __future__ import annotations

from typing import Any

from sentry_compat.grouping.component import GroupingComponent
from sentry_compat.grouping.strategies.base import strategy

__all__ = ["template_v1"]


@strategy(id="template:v1", interfaces=["template"], variants=["default"], score=1100)
def template_v1(template: Any, **meta: Any) -> GroupingComponent:
    filename_component = GroupingComponent(id="filename")
    if template.filename is not None:
        filename_component.update(values=[template.filename])
    context_line_component = GroupingComponent(id="context-line")
    if template.context_line is not None:
        context_line_component.update(values=[template.context_line])
    return GroupingComponent(id="template", values=[filename_component, context_line_component])
