"""分别 lists (extract stage, no rdflib): the members of a list of figures joined by 、 after 分别 (respectively)
take their subjects, places or statistic types from the list of items, places or figures they answer to.

Called from `dzkg.extract.quantities` once per sentence, after each figure's own subject was read
(`dzkg.extract.subjects`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dzkg.extract import areas
from dzkg.extract.subjects import CHANGE, LEAD, PERIODISH, change_words, indicator_for, source_text
from dzkg.lexicon import Lexicon
from dzkg.model import Document, Quantity


def list_runs(doc: Document, quantities: list[Quantity]) -> list[list[int]]:
    """Runs of quantities in one clause joined only by 、 (分别达68家、49家), two or more long."""
    runs: list[list[int]] = []
    for i, q in enumerate(quantities):
        previous = quantities[i - 1] if i else None
        joined = (
            previous is not None
            and previous.clause == q.clause
            and doc.norm[previous.span.end : q.span.start].strip() in ("、", "和", "及")
        )
        if joined and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        elif joined:
            runs.append([i - 1, i])
    return runs


def split_lists(
    doc: Document, quantities: list[Quantity], lexicon: Lexicon, earlier: Sequence[Quantity] = ()
) -> list[Quantity]:
    """分别 lists: member k takes item k of the list before 分别 as its subject (PM10、二氧化氮…浓度分别改善…),
    and every member takes the first member's statistic type (all changes, or none). Members whose subjects
    name one curated indicator (高端装备、新材料集群分别实现营业收入…) are told apart by their item (qualifier).
    When the items are places (济南、青岛、烟台分别增长8.5%、7.9%、9.2%), member k is place k's figure of the
    measure named after 分别, else of the last one of its kind stated before (`earlier`: the paragraph's
    quantities before this sentence)."""
    out = list(quantities)
    levels: list[int] = []  # the last run of levels in the sentence
    place_run: list[str] = []  # the places of the last list of places in the sentence
    runs = list_runs(doc, out)  # spans and clauses never change below, so the runs stay the same
    for run in runs:
        first = out[run[0]]
        norm = doc.norm
        head = norm[first.clause.start : first.span.start]
        cut = head.find("分别")
        if cut == -1:
            continue
        said = re.sub(r"^分[别別]", "", first.subject)  # members after the first have no words of their own
        for k in run[1:]:
            if re.search(r"\d|分[别別]", out[k].subject) and said:
                out[k] = replace(out[k], subject=said)
        out[run[0]] = replace(first, subject=said or first.subject)
        first_number = re.search(r"\d", head[cut:])
        if change_words(head[: cut + first_number.start()] if first_number else head):
            for k in run:
                base = out[k].base_unit
                kind = (
                    "change_pp"
                    if base == "PERCENT_POINT"
                    else "change_rel"
                    if base in ("PERCENT", "TIMES")
                    else "change_abs"
                )
                out[k] = replace(out[k], stat_type=kind)
        listed = LEAD.sub("", PERIODISH.sub("", norm[first.clause.start : first.clause.start + cut]), count=1)
        listed = re.sub(r"(?:同比|环比|(?:较|比)\S{1,4})$", "", listed)
        items = [item for item in listed.split("、") if item]
        opened = max(norm.rfind(mark, first.sentence.start, first.clause.start - 1) for mark in ",;:") + 1
        named_before = norm[max(opened, first.sentence.start) : first.clause.start - 1]
        listed_before = not items and "、" in named_before and not re.search(r"\d", named_before)
        if listed_before:  # 東營區、河口區增速較快,分別增長…: the places are listed in the clause before
            items = [item for item in LEAD.sub("", PERIODISH.sub("", named_before), count=1).split("、") if item]
        before = [i for i in range(run[0] - len(run), run[0]) if i >= 0 and out[i].sentence == first.sentence]
        if len(levels) != len(run) and len(before) == len(run) and all(out[i].stat_type in _LEVELS for i in before):
            levels = before  # 接待游客9865.2万人次、实现旅游收入1326.4亿元,分别增长7.3%、9.8%
        if len(items) <= 1 and len(place_run) == len(run):  # 单县、曹县分别新开工…,分别完成投资92.4亿元、86.1亿元
            changes = len(levels) == len(run) and out[run[0]].stat_type.startswith("change_")
            for n, (k, place) in enumerate(zip(run, place_run, strict=True)):
                level = out[levels[n]] if changes else out[k]  # 分别完成进出口…,分别增长6.8%、12.4%
                out[k] = replace(out[k], area=place, subject=level.subject, qualifier=level.qualifier)
            continue
        if not items and len(levels) == len(run) and out[run[0]].stat_type.startswith("change_"):
            for k, level in zip(run, levels, strict=True):  # 分别实现产值615亿元、238亿元,分别增长3.5%、15.8%
                out[k] = replace(out[k], subject=out[level].subject, qualifier=out[level].qualifier)
            continue
        if len(items) <= 1 and len(levels) == len(run) and all(out[i].base_unit == "NUM" for i in levels):
            for k, level in zip(run, levels, strict=True):  # 省重點項目38個、市重點項目216個,開工率分別為…
                out[k] = replace(out[k], qualifier=out[level].subject)
            continue
        if len(items) != len(run):
            continue
        if not out[run[0]].stat_type.startswith("change_"):
            levels = run
        verb = CHANGE.search(head[cut + 2 :])
        tail = head[cut + 2 :][: verb.start()] if verb else head[cut + 2 :]
        tail = re.sub(r"^(?:达到|达|为|是|实现|有)", "", tail)
        tail = "" if _VERB_ONLY.fullmatch(tail) else tail  # 分别完成7.4万吨标准煤: no measure named here
        shared = ""
        lengths = {len(item) for item in items[:-1]}
        group = _GROUP_WORD.search(items[-1])
        if group and not all(item.endswith(group[0]) for item in items):
            shared = group[0]  # 高端装备、新材料集群 → 高端装备集群, 新材料集群
        elif not tail and len(lengths) == 1 and len(items[-1]) > (n := lengths.pop()):
            shared = items[-1][n:] if _MEASURE_WORD.search(items[-1][n:]) else ""
        listed_places = areas.list_places(lexicon, items)
        if listed_places:
            places, shared_words = listed_places
            kind = out[run[0]].stat_type
            said_before = [q for q in reversed([*earlier, *out[: run[0]]]) if q.subject and "、" not in q.subject]
            stated = [q for q in said_before if q.stat_type == kind]
            own = (q for q in stated if q.area is None)  # the measure of the briefing's own place, else of another's
            measured = next(own, None) or next(iter(stated), None) or next(iter(said_before), None)
            words = ("" if listed_before else shared_words) + tail  # 增速較快 is not what the members measure
            borrowed = measured.subject if measured else ""
            for k, place in zip(run, places, strict=True):
                subject = source_text(doc.text, norm, words, out[k].clause) if words else borrowed
                qualifier = None if words or measured is None else measured.qualifier
                out[k] = replace(out[k], subject=subject or out[k].subject, qualifier=qualifier, area=place)
            place_run = places
            continue
        named = []
        for k, item in zip(run, items, strict=True):
            whole = item + (shared if shared and not item.endswith(shared) else "")
            out[k] = replace(out[k], subject=source_text(doc.text, norm, whole + tail, out[k].clause))
            named.append(source_text(doc.text, norm, whole, out[k].clause))
        terms = [indicator_for(out[k].subject, lexicon) for k in run]
        if terms[0] is not None and all(term == terms[0] for term in terms) and len(set(named)) == len(named):
            for k, item in zip(run, named, strict=True):
                out[k] = replace(out[k], qualifier=out[k].qualifier or item)
    return _told_apart(doc, out, runs)


def _told_apart(doc: Document, quantities: list[Quantity], runs: list[list[int]]) -> list[Quantity]:
    """Members of a 分别 list that nothing names apart (城鄉低保標準分別提高至每人每月1080元、890元) are the first,
    second … of what the list refers to (其一, 其二), not two values of one measure."""
    out = list(quantities)
    for run in runs:
        members = [out[k] for k in run]
        same = len({(q.subject, q.qualifier, q.stat_type, q.area) for q in members}) == 1
        if same and "分别" in doc.norm[members[0].clause.start : members[0].span.start]:
            for n, k in enumerate(run):
                ordinal = _ORDINALS[n] if n < len(_ORDINALS) else str(n + 1)
                out[k] = replace(out[k], subject=f"{out[k].subject}(其{ordinal})")
    return out


_ORDINALS = "一二三四五六七八九十"
_VERB_ONLY = re.compile(r"完成|新增|共|拥有|有|开工|新开工|落地|签约|引进|达到|实现")


_LEVELS = {"level", "count", "share", "completion_rate"}
_GROUP_WORD = re.compile(r"(?:产业集群|集群|产业链|产业|行业|板块|园区)$")


_MEASURE_WORD = re.compile(
    r"(?:浓度|增速|增幅|比重|占比|产量|产值|营收|收入|规模|总量|数量|总额|金额|投资|产量|用电量|率)$"
)
