"""Ranks (居全省第2位, 數量居全省第2, 全省最高, 全國首位, (第37位)) attached to the quantity they rank.

Extract stage, no rdflib. A rank of a growth rate (增速居全省第3位, 增速连续4个月居全省首位) goes to the
change before it; otherwise to the nearest quantity before it in the sentence, never to a streak
(连续4个月); 分别居全省第3位、第2位 gives one rank to each of the numbers before it.
Scope: 全省 → the briefing's province, 全國 → CN, 全市 → its city, or the list named before the rank.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from dzkg.extract.text import clause_of
from dzkg.model import Document, Period, Quantity, Sentence, Span
from dzkg.normalize import key as key_of

_CN = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}
RANK = re.compile(
    r"(?P<growth>增速|增幅|增长率|改善幅度|降幅|幅度)?(?P<peer>在[^,;。在]{2,16}?中)?(?P<verb>居|位居|位列|列|保持|排名|排在|位于|排|跃居|升至|稳居)?"
    r"(?P<scope>全省|全国|全市|全球|全世界|全国同类城市|全省各市|同类城市|\d+个?市)?"
    r"(?:\d+个?市|各区县|各县区|各县市区|各县\(市、区\)|各区市|各县市|各区|各市|县域|同类企业|同类城市|经济开发区|开发区|沿海港口|港口|城市)?"
    r"(?P<group>(?<=[居列持名在于国])(?:\d+个)?(?:副省级|计划单列|省会|沿海|沿黄|东部|中部|西部)(?:城市|省份|省区|地区)"
    r"|(?<=[居列持名在于])[\u4e00-\u9fff]{2,5}?(?:经济圈|都市圈|城市群)(?:\d+个?市)?|(?<=[居列持名在于])沿海港口)?"
    r"(?:第(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})(?:位|名)?|(?P<first>首位|之首|最高|最多|最大|最低|最少)|(?P<one>第一))"
)


_DURATION_END = re.compile(r"(?:连续|已连续|持续)\S{1,3}?(?:个月|年|个季度|季度|周)$")


def scope_of(word: str | None, doc_province: str | None, doc_city: str | None) -> str | None:
    if word in ("全国", "全国同类城市"):
        return "CN"
    if word in ("全省", "全省各市") or (word and re.fullmatch(r"\d+个?市", word)):  # 居16市之首
        return doc_province
    if word == "全市":
        return doc_city
    if word in ("全球", "全世界"):
        return "world"
    return None


def _value(match: re.Match[str]) -> int | None:
    if match["first"] or match["one"]:
        return 1
    return None if match["n"] is None else _number(match["n"])


def _number(token: str) -> int | None:
    """A rank's number: digits or a Chinese numeral up to 九十九."""
    if token.isdigit():
        return int(token)
    tens, ten, ones = token.partition("十")
    if not ten:
        return _CN.get(token)
    return (_CN.get(tens, 0) if tens else 1) * 10 + _CN.get(ones, 0)


def attach(
    doc: Document,
    masked: str,
    sentence: Sentence,
    quantities: list[Quantity],
    province: str | None = None,
    city: str | None = None,
) -> list[Quantity]:
    out = list(quantities)
    wholes = {place for place in ("CN", province, city) if place}  # a benchmark's place: its figure is never ranked
    stated = list(quantities)  # in text order; rank-only observations are appended to `out` after them
    for match in RANK.finditer(masked, sentence.span.start, sentence.span.end):
        if not (match["verb"] or match["scope"] or masked[match.start() - 1 : match.start()] == "("):
            continue
        if match["first"] and not match["scope"]:
            continue
        after = masked[match.end() : match.end() + 1]
        if after in "批个家次期届轮方梯档等层" and after:  # 第一方阵, 第一梯队: a tier, not a place
            continue
        rank = _value(match)
        if rank is None or rank < 1:
            continue
        scope = scope_of(match["scope"], province, city)
        if match["group"]:  # 居副省级城市第9位, 居省会经济圈7市第3位, 居全国副省级城市第3位: a named group of peers
            named = doc.text[match.start("scope") if match["scope"] else match.start("group") : match.end("group")]
            # 副省级城市, 7市 after 省会经济圈, 全國15個副省級城市: the group without its size
            scope = re.sub(r"^\d+\s*[个個]?|\d+\s*[个個]?市$|(?<=^全[国國])\d+\s*[个個]", "", named)
        if match["peer"]:  # 在胶东经济圈5市中 → 胶东经济圈; 在全省16市中 → the province
            peers = doc.text[match.start("peer") + 1 : match.end("peer") - 1]
            size = re.search(
                r"\d+\s*个?(?:县市区|县区|县市|市|县|区|城市|地市)$",
                doc.norm[match.start("peer") + 1 : match.end("peer") - 1],
            )
            group = peers[: size.start()] if size else peers
            scope = scope_of(key_of(group), province, city) or group if group != peers else peers
        parenthesised = masked[match.start() - 1 : match.start()] == "("
        if scope is None and parenthesised:
            listed = _list_name(doc, match.start() - 1)
            if listed:
                out.append(_rank_only(doc, sentence, match, rank, listed))
                continue
        if scope is None and (named := _list_in_sentence(doc, sentence, match.start())):
            scope, year = named  # 在2024年全国先进制造业百强市榜单中,烟台列第21位
            if not any(q.span.end <= match.start() and q.sentence == sentence.span for q in stated):
                out.append(_rank_only(doc, sentence, match, rank, scope, year))
                continue
        if scope is None:
            scope = province if match["verb"] else None
        before = _DURATION_END.sub("", masked[sentence.span.start : match.start()])  # 增速连续4个月居…
        growth = bool(match["growth"] or re.search(r"增速|增幅", before[-4:]))
        total = bool(re.search(r"(?:总量|总额|规模)$", before[-4:]))  # 总量居全省首位: the level, not its share
        stop = bisect.bisect_left(stated, match.start(), key=lambda q: q.span.start)
        ranks = [rank, *_more_ranks(masked, match)]  # 分别居全省第3位、第2位: one rank per number before
        member = _member_named(masked, sentence, match, out[:stop])
        targets: list[int] = [member] if member is not None and out[member].rank is None else []
        for _ in ranks if not targets else ():
            target = _ranked(out, stop, match, growth, wholes, total)
            if target is None:
                break
            targets.insert(0, target)
            stop = target
        if not targets and scope:  # a rank that ranks no number (综合实力保持全省县域第2位) is its own observation
            ranked = _rank_only(doc, sentence, match, rank, scope)
            ranking = _ranking_named(doc, sentence, match) or (
                doc.text[match.start("scope") : match.end("scope")] + "排名" if match["scope"] else None
            )
            out.append(replace(ranked, subject=ranking) if ranking else ranked)
            continue
        if len(targets) != len(ranks):  # not one number per rank: the first rank goes to the nearest, as before
            targets = targets[-1:]
            ranks = ranks[: len(targets)]
        for target, value in zip(targets, ranks, strict=True):
            out[target] = replace(out[target], rank=value, rank_scope=scope)
    return _rank_changes(out)


def _rank_changes(out: list[Quantity]) -> list[Quantity]:
    """A change of rank places (较上年前进3位, 提升4个位次) after a rank-only observation measures that rank."""
    ranked = [q for q in out if q.stat_type == "rank_only"]
    for i, q in enumerate(out):
        if q.stat_type.startswith("change_") and q.unit_key in ("位", "个位次"):
            before = [r for r in ranked if r.span.end <= q.span.start]
            if before:
                out[i] = replace(q, subject=before[-1].subject)
    return out


_MORE_RANK = re.compile(r"、\s*第?(\d{1,3}|[一二三四五六七八九十]{1,3})(?:位|名)")


def _more_ranks(masked: str, match: re.Match[str]) -> list[int]:
    """The ranks listed after a 分别 (or 分列) rank (分别居全省第3位、第2位 → [2])."""
    listed = re.search(r"分别\s*$", masked[max(0, match.start() - 3) : match.start()]) or "分别" in match[0]
    if not listed and not (match["verb"] == "列" and masked[match.start() - 1 : match.start()] == "分"):  # 分列
        return []
    found, position = [], match.end()
    while (more := _MORE_RANK.match(masked, position)) and (number := _number(more[1])):
        found.append(number)
        position = more.end()
    return found


def _ranked(
    out: list[Quantity], stop: int, match: re.Match[str], growth: bool, wholes: set[str], total: bool = False
) -> int | None:
    """The quantity a rank ranks, among out[:stop] (those starting before it), nearest first: of a growth rate,
    the last relative change (else the last change); of a total (总量居…), the last level; otherwise the last
    level or share (else the last quantity). Never a streak, nor a benchmark's figure (高于全省(5.0%): its area is
    one of `wholes`)."""
    fallback = None
    for i in range(stop - 1, -1, -1):
        q = out[i]
        if q.span.end > match.start() or q.rank is not None or "duration" in q.flags or q.area in wholes:
            continue  # 连续4个月居全省首位 ranks what comes before the streak, not the streak
        change = q.stat_type.startswith("change_")
        if (growth and q.stat_type == "change_rel") or (not growth and not change and (not total or _is_level(q))):
            return i
        if fallback is None and (change or not growth):
            fallback = i
    return fallback


def _member_named(masked: str, sentence: Sentence, match: re.Match[str], before: list[Quantity]) -> int | None:
    """The member of the 分别 list before a rank that the rank's clause names (生铁、粗钢、钢材产量分别为…,粗钢产量居
    全省首位 → the second; 东港区、岚山区…分别增长…,岚山区增速居全市首位 → the second), or None."""
    opened = max(
        masked.rfind(",", sentence.span.start, match.start()), masked.rfind(";", sentence.span.start, match.start())
    )
    said = masked.rfind("分别", sentence.span.start, max(opened, sentence.span.start))
    head = masked[opened + 1 : match.start()]
    if opened < 0 or said < 0 or len(head) < 2:
        return None
    listed_from = max(masked.rfind(c, sentence.span.start, said) for c in ",;:") + 1
    items = [item for item in masked[max(listed_from, sentence.span.start) : said].split("、") if item]
    members = [i for i, q in enumerate(before) if said < q.span.start < opened and q.sentence == sentence.span]
    if len(items) < 2 or len(items) != len(members):
        return None
    named = [k for k, item in enumerate(items) if head.startswith(item) or item.startswith(head)]
    return members[named[0]] if len(named) == 1 else None


def _is_level(q: Quantity) -> bool:
    return q.stat_type in ("level", "count")


def _rank_only(
    doc: Document, sentence: Sentence, match: re.Match[str], rank: int, listed: str, year: Period | None = None
) -> Quantity:
    """济宁市(第37位) in a 百强 list, or 在…百强市榜单中,烟台列第21位: a rank with no other number, kept as its own
    observation."""
    span = Span(match.start(), match.end())
    edge = match.start() - (doc.norm[match.start() - 1 : match.start()] == "(")  # 济宁市(第37位), 烟台列第21位
    holder = re.search(r"([\u4e00-\u9fff]{2,8})$", doc.text[max(sentence.span.start, edge - 8) : edge])
    subject = (holder[1] if holder else "") + listed + "排名"
    return Quantity(
        span=span,
        clause=Span(sentence.span.start, sentence.span.end),
        sentence=sentence.span,
        section=sentence.section,
        value=Decimal(rank),
        unit="位",
        unit_key="位",
        value_base=Decimal(rank),
        base_unit="NUM",
        stat_type="rank_only",
        subject=subject,
        period=year,
        rank=rank,
        rank_scope=listed,
        flags=frozenset({"rank_only"}),
    )


def _ranking_named(doc: Document, sentence: Sentence, match: re.Match[str]) -> str | None:
    """区域创新能力综合排名居全省第5位: a ranking named in the clause before a rank that ranks no number."""
    clause = clause_of(doc.norm, sentence.span, match.start(), match.end())
    lead = re.match(r"(?:全市|全省|全区|全县|其中|同时)?", doc.norm[clause.start : match.start()])
    named = doc.text[clause.start + (lead.end() if lead else 0) : match.start()].strip()
    return named if len(named) >= 2 and re.search(r"[\u4e00-\u9fff]{2}", named) else None


def _list_in_sentence(doc: Document, sentence: Sentence, stop: int) -> tuple[str, Period | None] | None:
    """The list a sentence says it ranks in, and the year it names (在2024年全国先进制造业百强市榜单中 →
    全国先进制造业百强市, 2024; 入选全国县域旅游综合实力百强县,2025年位列第9位)."""
    lists = list(_IN_LIST.finditer(doc.norm, sentence.span.start, stop))
    if not lists:
        return None
    named = 1 if lists[-1][1] else 2
    listed = re.sub(r"(?:榜单|榜單|名单|名單|排行榜)$", "", doc.text[lists[-1].start(named) : lists[-1].end(named)])
    year = re.match(r"(\d{4})\s*年度?", listed)
    if year is None:
        return listed, None
    whole = Period(date(int(year[1]), 1, 1), date(int(year[1]), 12, 31), year[0])
    return listed[year.end() :], whole


_IN_LIST = re.compile(  # 在2024年全国先进制造业百强市榜单中; 入选全国县域旅游综合实力百强县
    r"在([^,;。]{2,40}?(?:强|榜单|名单|排行榜|排名)[^,;。在]{0,4}?)中"
    r"|(?:入选|入围|跻身)([^,;。]{2,40}?(?:强县|强市|强区|强|榜单|名单|排行榜))(?=[,;。])"
)


def _list_name(doc: Document, paren: int) -> str | None:
    """The list a parenthesised rank refers to: the name ending in 强/榜/排行/名单 just before it."""
    window = doc.text[max(0, paren - 60) : paren]
    match = re.search(r"([^,;,、。《》“”\s的在]{2,20}?(?:强|強|榜|排行|名单|名單|排名)(?:市|城市|县|縣)?)", window)
    return match[1] if match else None
