"""The phrase a number measures (its subject), change words, and indicator matching (extract stage).

A subject is read from the clause around the number, in the source script: the noun phrase before it
("新能源發電量116.8億千瓦時"), or the one after its unit when the number leads ("179家企業入選…"), with period
words, qualifiers, comparators and linking verbs removed. "X等N個Y" keeps the verb and Y ("累計引進項目").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from dzkg.extract import areas
from dzkg.lexicon import Lexicon, Term
from dzkg.model import Document, Quantity, Span
from dzkg.normalize import key

_CHANGE = re.compile(
    r"(?P<cmp>同比|环比|比上年同期|比上年|较上年同期|较上年|较去年同期|比去年同期|较去年|比去年|较年初|比年初|"
    r"较[一二三四]季度|比[^,;。]{1,10}?|较[^,;。]{1,10}?|两年平均|年均)?\s*"
    r"(?P<verb>负增长|增长|增加|提高|提升|上升|上涨|回升|下降|下跌|减少|降低|回落|下滑|改善|收窄|压缩|扩大|加快|放缓|净增|新增|前进|后退|"
    r"增|降|减|多|少|进|退|翻)"
    r"(?:入库|入统|纳统)?了?\s*(?:近|约|超过|超|逾)?\s*$"
)
_DOWN = {
    "负增长",
    "下跌",
    "下降",
    "压缩",
    "减少",
    "降低",
    "回落",
    "下滑",
    "减",
    "降",
    "少",
    "收窄",
    "放缓",
    "后退",
    "退",
}
_LINK = re.compile(
    r"(?:连续|分别|共计|合计|总计|累计达|达到|达|为|是|共|计|至|到|约|近|超过|超|逾|突破|占|实现|可解决|可)+$"
)
# 左右 and 以上 at the start belong to the number before
_LEAD = re.compile(r"(?:左右|以上|以下|上下)?(?:,)?(?:其中|同时|全市|全省|全区|全县|目前|当前|预计|力争)?(?:,)?")
_PERIODISH = re.compile(
    r"\(?\d{4}\s*年?\s*-\s*\d{4}\s*年\)?|\d{4}\s*年\s*\d{1,2}\s*(?:-\s*\d{1,2}\s*)?月(?:份)?|\d{4}\s*年(?:度)?|"
    r"\d{1,2}\s*-\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*至\s*\d{1,2}\s*月(?:份)?|\d{1,2}月(?:份|底|末)?(?:当月)?|"
    r"今年以来|截至目前|截至\S{1,4}月底|前三季度|(?:第)?[一二三四1-4]季度|上半年|下半年|全年|今年|去年|本年|(?:今年)?前\S个月|到|截至"
)
_VERB_TAIL = re.compile(
    r"(?:部署|明确|确定|推出|出台|制定|列出|梳理|细化|聚焦|围绕|提出|包括|涵盖|遴选|引进|新引进|举办|实施|落实|优选|组织|开展|建成|打造|创建|推动|支持|培育|认定|获批|狠抓|推进|加快推进|"
    r"新增|新落地|落地|争取|已争取|完成|新建|建设|形成|拥有|有|带动|吸引|签约|解决|服务)$"
)
_VERB_HEAD = re.compile(r"^(?:累计引进|新引进|新落地|新增|累计|引进|实施|培育|认定|获批|举办|组建|打造|建成)")
_MEASURE_AFTER = re.compile(r"优良|比例|比重|占比|增速|增幅|完成率|总量|产值|营收|规模(?!化|以上)")
_GENERIC = {"总数", "数量", "总量", "总计", "合计", "总额", "规模", "其中", "增速", "增幅"}
_BENCHMARK = re.compile(r"(增速|增幅)?(?:高于|低于|快于|慢于)(?:全省|全国|全市|全区)")
_BENCHMARK_FIGURE = re.compile(
    r"(?:高于|低于|快于|慢于|好于|优于|(?<=\))(?:和|、|及|与))(?P<place>全省|全国|全市)(?:平均水平|平均|水平)?\("
)
_STOP_AFTER = re.compile(
    r"[,;。:(\d]|、(?=[\d一二两三四五六七八九十百千])|分别|同比|较|比上年|居|位居|列|占|实现|达到|已|并|提出|推出|确定|部署|明确|,"
)


def change_words(before: str) -> str | None:
    """The change verb at the end of the text before a number (同比增長 → 增长), or None."""
    match = _CHANGE.search(before)
    if not match:
        return None
    verb = match["verb"]
    if verb in ("增", "降", "减", "多", "少", "进", "退", "新增") and not match["cmp"]:
        return None
    return verb


def is_down(verb: str) -> bool:
    return verb in _DOWN


def subject(doc: Document, clause: Span, start: int, end: int, change: str | None, floor: int = 0) -> str:
    """The subject of the number at norm[start:end]; `floor` is the end of the previous number in the clause.
    The verb 實現 ("achieve") and a condition such as 達產後可 are not part of it (實現營業收入 → 營業收入)."""
    phrase = _phrase(doc, clause, start, end, change, floor)
    tidy = _ACHIEVE.sub("", _CONDITION.sub("", phrase))
    return tidy if len(tidy) >= 2 else phrase


_ACHIEVE = re.compile(r"可?(?:实现|實現)")
_CONDITION = re.compile(r"(?:达产|達產|建成|投产|投產|投用|竣工)[后後]可?")


def _phrase(doc: Document, clause: Span, start: int, end: int, change: str | None, floor: int) -> str:
    norm, text = doc.norm, doc.text
    left = max(clause.start, floor)
    pre = norm[left:start]
    if change:
        match = _CHANGE.search(pre)
        pre = pre[: match.start()] if match else pre
    pre_end = left + len(pre)
    pre_start = left
    # Drop period words and linking verbs at the ends of the phrase before the number.
    for _ in range(3):
        stripped = _LINK.sub("", norm[pre_start:pre_end])
        pre_end = pre_start + len(stripped)
        periodish = _PERIODISH.match(norm, pre_start, pre_end)
        if periodish:
            pre_start = periodish.end()
        lead = _LEAD.match(norm, pre_start, pre_end)
        if lead and lead.end() > pre_start:
            pre_start = lead.end()
        tail = _PERIODISH.search(norm[pre_start:pre_end])
        if tail and tail.end() == pre_end - pre_start:
            pre_end = pre_start + tail.start()
    pre_text = norm[pre_start:pre_end].strip(" ,、")
    if "等" in pre_text:
        head = _VERB_HEAD.match(pre_text)
        rest = _following_noun(norm, end, clause.end)
        phrase = (pre_text[: head.end()] if head else "") + pre_text[pre_text.rindex("等") + 1 :] + rest
        return _source(text, norm, phrase, clause) or rest
    pre_text = pre_text.lstrip("、和及与 ")
    pre_start = pre_end - len(pre_text) if pre_text else pre_start
    if len(pre_text) >= 2 and not _VERB_TAIL.search(pre_text) and not re.fullmatch(r"[□\W]*", pre_text):
        return text[pre_start:pre_end]
    rest = _following_noun(norm, end, clause.end)
    if rest:
        return text[norm.index(rest, end) :][: len(rest)] if rest in norm[end : clause.end] else rest
    verb = _VERB_TAIL.search(pre_text)
    if verb and verb.start() >= 2:  # 海洋生產總值完成2310億元左右: the phrase before the verb
        pre_end = pre_start + verb.start()
    return text[pre_start:pre_end].strip(" ,、") or text[clause.start : clause.end]


def _following_noun(norm: str, start: int, stop: int) -> str:
    """The noun phrase after a number's unit (6个地表水国控断面), ending before a measure of those things
    (…优良水体比例为50%) or a linking verb."""
    approx = re.match(r"(?:左右|以上|以下|上下)", norm[start:stop])  # the number's own qualifier, not a noun
    start += approx.end() if approx else 0
    stop_match = _STOP_AFTER.search(norm, start, stop)
    end = stop_match.start() if stop_match else stop
    phrase = norm[start:end]
    measure = _MEASURE_AFTER.search(phrase, 2)
    if measure:
        phrase = phrase[: measure.start()]
    return re.sub(r"(?:为|是|达到|达)$", "", phrase).strip(" 、")


def _source(text: str, norm: str, phrase: str, clause: Span) -> str:
    """Map a folded phrase assembled from pieces back to source characters (piecewise by position)."""
    out = []
    cursor = clause.start
    for ch in phrase:
        pos = norm.find(ch, cursor, clause.end)
        if pos == -1:
            out.append(ch)
            continue
        out.append(text[pos])
        cursor = pos + 1
    return "".join(out)


def complete(doc: Document, quantities: list[Quantity], places: dict[str, str | None] | None = None) -> list[Quantity]:
    """Generic subjects (總數, 數量, 增速) and changes without their own subject borrow the previous one's; a share
    (占總裝機比重, 占比) is prefixed with it, and so is a gap to a benchmark (增長8.7%,高於全省1.4個百分點 →
    規模以上工業增加值增速高於全省). A rate's gap or change in percentage points is qualified: it measures the rate,
    not the indicator itself. A benchmark's own figure in parentheses (增長7.8%,高於全國(6.4%)) is the same
    measure for the benchmark's place (`places`: 全国/全省/全市 → place key)."""
    out = list(quantities)
    for i, q in enumerate(out):
        previous = out[i - 1] if i else None
        if previous is None:
            continue
        benchmarks = _BENCHMARK_FIGURE.finditer(doc.norm, q.clause.start, q.span.start)
        own = next((m for m in benchmarks if m.end() == q.span.start), None)
        if own:  # compared with the last figure in the same unit
            same = (p for p in reversed(out[:i]) if p.sentence == q.sentence and p.unit_key == q.unit_key)
            compared = next(same, None)
            if compared is not None:
                place = (places or {}).get(own["place"])
                stat, qualifier = compared.stat_type, compared.qualifier
                out[i] = replace(q, subject=compared.subject, stat_type=stat, qualifier=qualifier, area=place)
                continue
        generic = key(q.subject) in _GENERIC or key(q.subject).rstrip("达到为") in _GENERIC
        bare_change = q.stat_type.startswith("change_") and (
            not q.subject.strip() or _CHANGE.fullmatch(doc.norm[q.clause.start : q.span.start].strip())
        )
        benchmark = _BENCHMARK.match(key(q.subject))
        share_of = key(q.subject).startswith("占") and q.base_unit in ("PERCENT", "PERCENT_POINT")
        share_of = share_of and not key(previous.subject).startswith("占")
        if share_of and previous.subject and previous.sentence == q.sentence:
            q = replace(q, subject=previous.subject + q.subject)  # 裝機286萬千瓦,占總裝機比重52.7%: the 裝機's share
        elif benchmark and previous.subject and previous.sentence == q.sentence:
            rate = "增速" if previous.stat_type == "change_rel" and not benchmark[1] else ""
            q = replace(q, subject=previous.subject + _source(doc.text, doc.norm, rate, q.clause) + q.subject)
        elif generic:
            q = replace(q, subject=previous.subject + q.subject)
        elif bare_change:
            out[i] = replace(q, subject=previous.subject)
            continue
        else:
            continue
        if q.base_unit == "PERCENT_POINT":
            q = replace(q, qualifier=q.qualifier or q.subject)
        out[i] = q
    return out


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
    for run in list_runs(doc, out):
        first = out[run[0]]
        norm = doc.norm
        head = norm[first.clause.start : first.span.start]
        cut = head.find("分别")
        if cut == -1:
            continue
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
        listed = _LEAD.sub("", _PERIODISH.sub("", norm[first.clause.start : first.clause.start + cut]), count=1)
        listed = re.sub(r"(?:较|比)\S{1,4}$", "", listed)
        items = [item for item in listed.split("、") if item]
        before = [i for i in range(run[0] - len(run), run[0]) if i >= 0 and out[i].sentence == first.sentence]
        if len(levels) != len(run) and len(before) == len(run) and all(out[i].stat_type in _LEVELS for i in before):
            levels = before  # 接待游客9865.2万人次、实现旅游收入1326.4亿元,分别增长7.3%、9.8%
        if len(items) <= 1 and len(place_run) == len(run):  # 单县、曹县分别新开工…,分别完成投资92.4亿元、86.1亿元
            for k, place in zip(run, place_run, strict=True):
                out[k] = replace(out[k], area=place)
            continue
        if not items and len(levels) == len(run) and out[run[0]].stat_type.startswith("change_"):
            for k, level in zip(run, levels, strict=True):  # 分别实现产值615亿元、238亿元,分别增长3.5%、15.8%
                out[k] = replace(out[k], subject=out[level].subject, qualifier=out[level].qualifier)
            continue
        if len(items) != len(run):
            continue
        if not out[run[0]].stat_type.startswith("change_"):
            levels = run
        verb = _CHANGE.search(head[cut + 2 :])
        tail = head[cut + 2 :][: verb.start()] if verb else head[cut + 2 :]
        tail = re.sub(r"^(?:达到|达|为|是|实现)", "", tail)
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
            stated = reversed([*earlier, *out[: run[0]]])
            measured = next((q for q in stated if q.stat_type == kind and q.area is None and q.subject), None)
            words = shared_words + tail
            borrowed = measured.subject if measured else ""
            for k, place in zip(run, places, strict=True):
                subject = _source(doc.text, norm, words, out[k].clause) if words else borrowed
                qualifier = None if words or measured is None else measured.qualifier
                out[k] = replace(out[k], subject=subject or out[k].subject, qualifier=qualifier, area=place)
            place_run = places
            continue
        named = []
        for k, item in zip(run, items, strict=True):
            whole = item + (shared if shared and not item.endswith(shared) else "")
            out[k] = replace(out[k], subject=_source(doc.text, norm, whole + tail, out[k].clause))
            named.append(_source(doc.text, norm, whole, out[k].clause))
        terms = [indicator_for(out[k].subject, lexicon) for k in run]
        if terms[0] is not None and all(term == terms[0] for term in terms) and len(set(named)) == len(named):
            for k, item in zip(run, named, strict=True):
                out[k] = replace(out[k], qualifier=out[k].qualifier or item)
    return out


_LEVELS = {"level", "count", "share", "completion_rate"}
_GROUP_WORD = re.compile(r"(?:产业集群|集群|产业链|产业|行业|板块|园区)$")


_GENERIC_MEASURE = re.compile(r"(?:累计|年度|年度计划|计划)?(?:完成)?(?:投资|总投资)(?:完成率)?|总投资|投资额")


_MEASURE_WORD = re.compile(
    r"(?:浓度|增速|增幅|比重|占比|产量|产值|营收|收入|规模|总量|数量|总额|金额|投资|产量|用电量)$"
)
_AVERAGE = re.compile(r"(两年平均|三年平均|年均)(?:增长|增加|提高|下降)")


def qualify(doc: Document, q: Quantity, earlier: Iterable[Quantity]) -> Quantity:
    """A generic measure (完成投資, 總投資, 年度投資完成率) names the counted group stated just before it
    (150個市級重點技改項目 … 完成投資178.1億元), so that different groups get different indicators; an average
    growth (兩年平均增長6.4%) is a different measure from the year-on-year one. `earlier`: the counts stated
    before q in its paragraph, nearest first."""
    average = _AVERAGE.search(doc.norm[q.clause.start : q.span.start])
    if average and q.stat_type.startswith("change_"):
        return replace(q, qualifier=doc.text[q.clause.start + average.start(1) : q.clause.start + average.end(1)])
    if not _GENERIC_MEASURE.fullmatch(key(q.subject)):
        return q
    for other in earlier:
        if other.base_unit == "NUM" and other.span.end <= q.span.start and other.subject:
            return replace(q, qualifier=other.subject)
    return q


def indicator_for(subject: str, lexicon: Lexicon) -> Term | None:
    """The curated indicator whose longest alias occurs in the subject phrase."""
    folded = key(subject)
    for alias in lexicon.aliases_longest_first("indicator"):
        if alias in folded:
            return lexicon.terms["indicator"][lexicon.index["indicator"][alias]]
    return None
