"""Policy documents (extract stage, no rdflib): 《》 titles and unbracketed titles ending in a document type,
with type, period and issuer, what they are about, and the counts of their parts (16項任務43項措施).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from dzkg.extract.names import Found, body_start
from dzkg.extract.periods import find_periods
from dzkg.lexicon import Lexicon
from dzkg.model import Document, DocumentPart, Period, Span
from dzkg.normalize import key

_DOC_TYPES = [
    ("行动方案", "DocActionPlan"),
    ("实施方案", "DocActionPlan"),
    ("工作方案", "DocActionPlan"),
    ("攻坚方案", "DocCampaignPlan"),
    ("工作要点", "DocWorkPoints"),
    ("要点", "DocWorkPoints"),
    ("实施意见", "DocImplementationOpinion"),
    ("意见", "DocImplementationOpinion"),
    ("政策措施", "DocPolicyMeasures"),
    ("措施", "DocPolicyMeasures"),
    ("工作台账", "DocWorkLedger"),
    ("台账", "DocWorkLedger"),
    ("合作协议", "DocCooperationAgreement"),
    ("协议", "DocCooperationAgreement"),
    ("工作指引", "DocWorkGuideline"),
    ("指引", "DocWorkGuideline"),
    ("规划", "DocPlan"),
    ("计划", "DocPlan"),
    ("通知", "DocNotice"),
    ("工作简报", "DocBriefing"),
    ("简报", "DocBriefing"),
    ("方案", "DocActionPlan"),
    ("办法", "DocOther"),
    ("细则", "DocOther"),
]
_DOC_SUFFIX = "|".join(sorted({s for s, _ in _DOC_TYPES}, key=len, reverse=True))
_TITLE = re.compile(r"《([^《》\n]{2,120})》")
_UNBRACKETED = re.compile(
    rf"(?:印发|制定|出台|编制|发布|起草|修订|实施)(?:了)?([^,;。《》、:“”]{{4,40}}?(?:{_DOC_SUFFIX}))(?![\u4e00-\u9fff])"
)
_PART_NOUNS = re.compile(r"^(?:[\u4e00-\u9fff]{0,6})(任务|措施|方面|举措|事项|条|政策|条措施|项政策)$")


def find(doc: Document, lexicon: Lexicon, found: Found) -> None:
    body = body_start(doc)
    mentions: list[tuple[Span, tuple[str, str], str]] = []
    for match in _TITLE.finditer(doc.norm, body):
        mentions.append(
            _document(doc, lexicon, found, Span(match.start(1), match.end(1)), Span(match.start(), match.end()))
        )
    for match in _UNBRACKETED.finditer(doc.norm, body):
        span = Span(match.start(1), match.end(1))
        if any(m[0].overlaps(span) for m in mentions):
            continue
        mentions.append(_document(doc, lexicon, found, span, span))
    for sentence in doc.sentences:
        in_sentence = [m for m in mentions if sentence.span.contains(m[0])]
        if not in_sentence:
            continue
        _parts(doc, found, sentence.span, in_sentence)
        _industries_after(found, sentence.span, in_sentence)


def _industries_after(found: Found, sentence: Span, docs: list[tuple[Span, tuple[str, str], str]]) -> None:
    """印发《…工作指引》,在新一代信息技术、化工等产业试点: a document is about the industries its sentence names
    after it (before the next document)."""
    ordered = sorted(docs, key=lambda d: d[0].start)
    for i, (title, ident, _) in enumerate(ordered):
        stop = ordered[i + 1][0].start if i + 1 < len(ordered) else sentence.end
        for entity in found.entities:
            if entity.kind == "industry":
                for span in entity.spans:
                    if title.end < span.start and span.end <= stop:
                        found.relate(ident, "about", ("industry", entity.key), span)


def _document(
    doc: Document, lexicon: Lexicon, found: Found, title: Span, mention: Span
) -> tuple[Span, tuple[str, str], str]:
    folded = doc.norm[title.start : title.end]
    doc_type = next((t for suffix, t in _DOC_TYPES if re.search(rf"{suffix}(?:\([^()]*\))?$", folded)), "DocOther")
    periods = list(find_periods(doc.norm, title.start, title.end, doc.published, doc.text))
    period = f"{periods[-1][1].start.isoformat()}/{periods[-1][1].end.isoformat()}" if periods else ""
    ident = found.add(
        "document", key(folded), doc.text[title.start : title.end], mention, doc_type=doc_type, period=period
    )
    before = doc.norm[max(0, mention.start - 30) : mention.start]
    issuer = None
    verb = re.search(r"([\u4e00-\u9fff()]{2,20}?)(?:印发|制定|出台|编制|发布)(?:了)?$", before)
    if verb:
        for entity in found.entities:
            if entity.kind in ("org", "enterprise") and any(
                doc.norm[s.start : s.end].endswith(verb[1][-3:]) for s in entity.spans
            ):
                issuer = (entity.kind, entity.key)
    if issuer is None:
        for alias in lexicon.aliases_longest_first("place"):
            if len(alias) >= 2 and folded.startswith(alias):
                issuer = ("place", lexicon.index["place"][alias])
                found.add(
                    "place",
                    issuer[1],
                    doc.text[title.start : title.start + len(alias)],
                    Span(title.start, title.start + len(alias)),
                )
                break
    if issuer:
        found.relate(ident, "issued_by", issuer, mention)
    for kind in ("strategy", "industry"):
        for alias in lexicon.aliases_longest_first(kind):
            if len(alias) >= 2 and alias in folded:
                found.relate(ident, "about", (kind, lexicon.index[kind][alias]), mention)
    return title, ident, period


def _parts(doc: Document, found: Found, sentence: Span, docs: list[tuple[Span, tuple[str, str], str]]) -> None:
    for i, q in enumerate(found.quantities):
        if not sentence.contains(q.span) or q.base_unit != "NUM":
            continue
        noun = key(q.subject)
        after_doc = [d for d in docs if d[0].end <= q.span.start]
        listed_in = [
            d
            for d in docs
            if d[0].start > q.span.end and re.search(r"列入《?$", doc.norm[q.span.end : d[0].start - 1][-4:])
        ]
        target = listed_in[0] if listed_in else (after_doc[-1] if after_doc else None)
        if target is None or not (_PART_NOUNS.match(noun) or listed_in):
            continue
        found.parts.append(DocumentPart(target[1][1], q.subject, int(q.value), q.span))
        title = doc.text[target[0].start : target[0].end]
        q = replace(q, qualifier=title)  # the parts of this document, not of another one with the same nouns
        if target[2]:  # a document's parts take the document's period
            start, end = target[2].split("/")
            q = replace(q, period=Period(date.fromisoformat(start), date.fromisoformat(end), title))
        found.quantities[i] = q
