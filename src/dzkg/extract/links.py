"""Changes linked to what they change (extract stage, no rdflib): a change to the level before it, an increment
to the total after it (新增15家、总数达到68家). Runs on the quantities of a document, after their subjects.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dzkg.model import Document, Quantity

_INCREMENT = re.compile(r"(?:新增|新建|净增|新认定|新培育)")
_TO_TOTAL = re.compile(r"\s*[、,;]?\s*(?:总数|总量|总计|累计|共计|总规模)(?:建成|完成|达到|达|为|突破|超过)?\s*$")


def increments(doc: Document, quantities: list[Quantity]) -> list[Quantity]:
    """新增15家、总数达到68家: the increment is the change of the total after it (one fact, DESIGN §2.3), and
    both measure what the increment names (a total's own subject is only 总数)."""
    out = list(quantities)
    for i in range(len(out) - 1):
        step, total = out[i], out[i + 1]
        between = doc.norm[step.span.end : total.span.start]
        lead = doc.norm[step.clause.start : step.span.start]
        increment = _INCREMENT.search(lead)
        if (
            step.sentence != total.sentence
            or step.base_unit != total.base_unit
            or step.stat_type.startswith("change_")
            or not increment
            or not _TO_TOTAL.match(between)
        ):
            continue
        named = doc.text[step.clause.start + increment.end() : step.span.start].strip()
        subject = named if len(named) >= 2 else step.subject
        out[i + 1] = replace(total, subject=subject, qualifier=step.qualifier)
        out[i] = replace(step, stat_type="change_abs", subject=subject, change_of=-1)  # linked below
    return out


def link_changes(quantities: list[Quantity]) -> list[Quantity]:
    """A change links to the nearest level before it in its sentence with the same subject or base unit; an
    increment (change_of -1, from `increments`) to the total right after it."""
    out = list(quantities)
    for i, q in enumerate(out):
        if q.change_of == -1:
            out[i] = replace(q, change_of=i + 1)
    sentence = None
    by_subject: dict[str, int] = {}  # the last level of each subject in the sentence so far
    by_subject_unit: dict[tuple[str, str], int] = {}
    for i, q in enumerate(out):
        if q.sentence != sentence:
            sentence, by_subject, by_subject_unit = q.sentence, {}, {}
        if not q.stat_type.startswith("change_"):
            by_subject[q.subject] = by_subject_unit[(q.subject, q.base_unit)] = i
            continue
        if out[i].change_of is not None:
            continue
        if q.stat_type in ("change_rel", "change_pp"):
            level = by_subject.get(q.subject)
        else:
            level = by_subject_unit.get((q.subject, q.base_unit))
        if level is not None:
            out[i] = replace(q, change_of=level)
    return out
