"""Designations (extract stage, no rdflib): 入選/獲批/獲評/認定/列入 + level + programme + year + holder.

A named holder gives a `Designation`; a count before the trigger ("179家企業入選…", "3個…省級試點單位")
stays a count quantity that carries the programme, level and category instead.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from dzkg.extract.names import TRIGGER, Found, body_start, walk_left
from dzkg.extract.text import BLANK, REACH
from dzkg.model import Designation, Document, Span
from dzkg.normalize import key

_LEVELS = [
    ("国家级", "LevelNational"),
    ("国家", "LevelNational"),
    ("全国", "LevelNational"),
    ("省级", "LevelProvincial"),
    ("全省", "LevelProvincial"),
    ("山东省", "LevelProvincial"),
    ("省", "LevelProvincial"),
    ("市级", "LevelMunicipal"),
    ("县级", "LevelCounty"),
]
_CATEGORIES = [
    ("试点", "CatPilot"),
    ("示范", "CatDemonstration"),
    ("领跑者", "CatFrontrunner"),
    ("优秀案例", "CatExcellentCase"),
    ("典型", "CatModel"),
    ("标杆", "CatModel"),
    ("攻关项目", "CatKeyProject"),
    ("重点项目", "CatKeyProject"),
    ("晨星工厂", "CatCertification"),
    ("智能工厂", "CatCertification"),
    ("绿色工厂", "CatCertification"),
    ("专精特新", "CatCertification"),
]


def _level(text: str) -> str | None:
    return next((level for word, level in _LEVELS if word in text), None)


def _category(text: str) -> str | None:
    return next((cat for word, cat in _CATEGORIES if word in text), None)


def find(doc: Document, masked: str, found: Found) -> None:
    body = body_start(doc)
    sentence_starts = [s.span.start for s in doc.sentences]
    in_sentence: dict[Span, list[int]] = {}  # the quantities of each sentence, in text order
    for i, q in enumerate(found.quantities):
        in_sentence.setdefault(q.sentence, []).append(i)
    starts = {sentence: [found.quantities[i].span.start for i in here] for sentence, here in in_sentence.items()}
    longest = max((q.span.end - q.span.start for q in found.quantities), default=0)
    for match in TRIGGER.finditer(doc.norm, body):
        at = bisect.bisect_right(sentence_starts, match.start()) - 1
        if at < 0 or match.start() >= doc.sentences[at].span.end:
            continue
        sentence = doc.sentences[at].span
        here = in_sentence.get(sentence, [])
        reach = min(sentence.end, match.end() + REACH)
        clause_end = re.compile(r"[,;。、]").search(doc.norm, match.end(), reach)
        stop = clause_end.start() if clause_end else reach
        programme_text = doc.norm[match.end() : stop]
        programme_text = re.sub(r"^\d{4}年度?", "", programme_text)
        level = _level(programme_text)
        programme_src = doc.text[stop - len(programme_text) : stop]
        before = doc.norm[max(sentence.start, match.start() - 32) : match.start()]
        assessed = re.search(r"在([^,;。在]{2,30})中$", before)
        if level is None and assessed and _level(assessed[1]):  # 在全省生态环境保护综合考核中获评优秀等次
            level = _level(assessed[1])
            named = doc.text[match.start() - len(assessed[1]) - 1 : match.start() - 1]
            programme_text, programme_src = assessed[1] + programme_text, named + programme_src
        programme_src = re.sub(r"全省首批|首批|第[一二三四五六七八九十\d]+批", "", programme_src)
        programme_text = re.sub(r"全省首批|首批|第[一二三四五六七八九十\d]+批", "", programme_text)
        year_match = re.search(r"(\d{4})年", doc.norm[match.end() : stop])
        category = _category(programme_text)
        at = starts.get(sentence, [])
        window = here[bisect.bisect_left(at, match.start() - 8 - longest) : bisect.bisect_left(at, match.start())]
        near = [i for i in window if 0 <= match.start() - found.quantities[i].span.end <= 8]
        counts = [i for i in near if found.quantities[i].base_unit == "NUM"]
        listed = [
            i
            for i in here[bisect.bisect_left(at, match.end()) : bisect.bisect_left(at, stop)]
            if found.quantities[i].span.end <= stop and found.quantities[i].base_unit == "NUM"
        ]
        if listed:  # 获评国家级绿色工厂8家: the count of what was designated, after the programme
            i = listed[0]
            q = found.quantities[i]
            text = re.sub(r"^\d{4}年度?", "", doc.text[match.end() : q.span.start])
            found.quantities[i] = replace(
                q, programme=text or None, level=_level(text) or level, category=_category(key(text)) or category
            )
            continue
        if near and not counts:
            continue  # 连续四年入选…: a duration, not a holder
        if counts:
            i = counts[-1]
            found.quantities[i] = replace(found.quantities[i], programme=programme_src, level=level, category=category)
            continue
        holder = None
        named = [
            index
            for index, span in found.ending_at(match.start()) + found.ending_at(match.start() - 1)
            if span.start >= sentence.start and found.entities[index].kind not in ("document", "strategy", "industry")
        ]
        if named:  # the last entity (in the order found) whose name ends at the trigger
            holder = (found.entities[max(named)].kind, found.entities[max(named)].key)
        if holder is None:
            start = walk_left(doc.norm, match.start(), 20)
            if match.start() - start < 2 or BLANK in masked[start : match.start()]:
                continue
            name = doc.text[start : match.start()]
            holder_text = doc.norm[start : match.start()]
            kind = (
                "enterprise"
                if re.search(r"(?:公司|集团)$", holder_text)
                else "place"
                if re.search(r"[河湖段园区]\)?$", holder_text)
                else "org"
            )
            holder = found.add(
                kind,
                key(name),
                name,
                Span(start, match.start()),
                org_kind="platform" if re.search(r"平台|大脑|中心", name) else "",
            )
        if not programme_src.strip():
            continue
        pkey = key(re.sub(r"\(.*?\)", "", programme_text))
        found.add(
            "programme",
            pkey,
            re.sub(r"\(.*?\)$", "", programme_src),
            Span(match.end(), stop),
            level=level or "",
            category=category or "",
        )
        found.designations.append(
            Designation(
                holder,
                pkey,
                level,
                int(year_match[1]) if year_match else None,
                category,
                Span(_holder_start(found, holder, match.start()), stop),
            )
        )
    for i, q in enumerate(found.quantities):
        subject = key(q.subject)
        if q.programme is None and q.base_unit == "NUM" and _category(subject):
            found.quantities[i] = replace(q, programme=q.subject, level=_level(subject), category=_category(subject))


def _holder_start(found: Found, holder: tuple[str, str], trigger: int) -> int:
    entity = found.entities[found._by_key[holder]]
    spans = [s for s in entity.spans if s.end <= trigger]
    return spans[-1].start if spans else trigger
