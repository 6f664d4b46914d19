"""Changes linked to what they change (extract stage, no rdflib): a change to the level before it, an increment
to the total after it (新增15家、总数达到68家). Runs on the quantities of a document, after their subjects.
"""

from __future__ import annotations

import re
from dataclasses import replace

from dzkg.model import Document, Quantity

_INCREMENT = re.compile(r"(?:新增|新建|净增|新认定|新培育|新开辟|新开通)")
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
            or (step.stat_type.startswith("change_") and step.stat_type != "change_abs")
            or not increment
            or not _TO_TOTAL.match(between)
        ):
            continue
        named = doc.text[step.clause.start + increment.end() : step.span.start].strip()
        subject = named if len(named) >= 2 else step.subject
        out[i + 1] = replace(total, subject=subject, qualifier=step.qualifier)
        out[i] = replace(step, stat_type="change_abs", subject=subject, change_of=-1)  # linked below
    return _listed_increments(doc, out)


_TO_TOTALS = re.compile(r"\s*[、,;]?\s*(?:总数|总量|累计|共计)分别(?:达到|达|为|突破)?\s*$")


def _listed_increments(doc: Document, out: list[Quantity]) -> list[Quantity]:
    """新增国家级绿色工厂5家、省级绿色工厂18家,累计分别达到21家、73家: step k is the change of total k."""
    norm = doc.norm
    for last in range(len(out) - 1):
        if not _TO_TOTALS.match(norm[out[last].span.end : out[last + 1].span.start]):
            continue
        totals = [last + 1]
        while totals[-1] + 1 < len(out) and norm[out[totals[-1]].span.end : out[totals[-1] + 1].span.start] == "、":
            totals.append(totals[-1] + 1)
        steps = list(range(last - len(totals) + 1, last + 1))
        if steps[0] < 0 or not _INCREMENT.search(norm[out[steps[0]].clause.start : out[steps[0]].span.start]):
            continue
        if any(
            out[k].sentence != out[last].sentence or out[k].base_unit != out[last].base_unit for k in steps + totals
        ):
            continue
        for step, total in zip(steps, totals, strict=True):
            subject = re.sub(f"^{_INCREMENT.pattern}", "", out[step].subject) or out[step].subject
            out[total] = replace(out[total], subject=subject)
            out[step] = replace(out[step], stat_type="change_abs", subject=subject, change_of=step - total)
    return out


def link_changes(quantities: list[Quantity]) -> list[Quantity]:
    """A change links to the nearest level before it in its sentence with the same subject or base unit; an
    increment (change_of -k, from `increments`) to the total k places after it."""
    out = list(quantities)
    for i, q in enumerate(out):
        if q.change_of is not None and q.change_of < 0:
            out[i] = replace(q, change_of=i - q.change_of)
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
