"""Policy documents (extract stage, no rdflib): 《》 titles and unbracketed titles ending in a document type,
with type, period and issuer, what they are about, and the counts of their parts (16項任務43項措施).
"""

from __future__ import annotations

import bisect
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
    starts = [s.span.start for s in doc.sentences]
    by_sentence: dict[int, list[tuple[Span, tuple[str, str], str]]] = {}
    for mention in mentions:
        at = bisect.bisect_right(starts, mention[0].start) - 1
        if at >= 0 and doc.sentences[at].span.contains(mention[0]):
            by_sentence.setdefault(at, []).append(mention)
    quantities: dict[Span, list[int]] = {}  # the quantities of each sentence, in order
    for i, q in enumerate(found.quantities):
        quantities.setdefault(q.sentence, []).append(i)
    industries = sorted(
        (span.start, e, s, span)
        for e, entity in enumerate(found.entities)
        if entity.kind == "industry"
        for s, span in enumerate(entity.spans)
    )
    for at in sorted(by_sentence):
        sentence = doc.sentences[at].span
        _parts(doc, found, sentence, by_sentence[at], quantities.get(sentence, []))
        _industries_after(found, sentence, by_sentence[at], industries)


def _industries_after(
    found: Found,
    sentence: Span,
    docs: list[tuple[Span, tuple[str, str], str]],
    industries: list[tuple[int, int, int, Span]],
) -> None:
    """印发《…工作指引》,在新一代信息技术、化工等产业试点: a document is about the industries its sentence names
    after it (before the next document). `industries`: (start, entity index, span index, span), sorted."""
    ordered = sorted(docs, key=lambda d: d[0].start)
    for i, (title, ident, _) in enumerate(ordered):
        stop = ordered[i + 1][0].start if i + 1 < len(ordered) else sentence.end
        first = bisect.bisect_right(industries, (title.end, len(found.entities)))
        last = bisect.bisect_left(industries, (stop, -1))
        named = sorted((e, s, span) for _, e, s, span in industries[first:last] if span.end <= stop)
        for e, _, span in named:
            found.relate(ident, "about", ("industry", found.entities[e].key), span)


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


def _parts(
    doc: Document, found: Found, sentence: Span, docs: list[tuple[Span, tuple[str, str], str]], here: list[int]
) -> None:
    """The counts of a document's parts (16項任務43項措施); `here`: the indices of the sentence's quantities."""
    listing = [d for d in docs if re.search(r"列入《?$", doc.norm[max(0, d[0].start - 5) : d[0].start - 1])]
    for i in here:
        q = found.quantities[i]
        if q.base_unit != "NUM":
            continue
        noun = key(q.subject)
        listed_in = next(  # a document named after 列入: the count is of what it lists
            (
                d
                for d in listing
                if d[0].start > q.span.end
                and re.search(r"列入《?$", doc.norm[max(q.span.end, d[0].start - 5) : d[0].start - 1])
            ),
            None,
        )
        target = listed_in or next((d for d in reversed(docs) if d[0].end <= q.span.start), None)
        if target is None or not (_PART_NOUNS.match(noun) or listed_in):
            continue
        found.parts.append(DocumentPart(target[1][1], q.subject, int(q.value), q.span))
        title = doc.text[target[0].start : target[0].end]
        q = replace(q, qualifier=title)  # the parts of this document, not of another one with the same nouns
        if target[2]:  # a document's parts take the document's period
            start, end = target[2].split("/")
            q = replace(q, period=Period(date.fromisoformat(start), date.fromisoformat(end), title))
        found.quantities[i] = q
