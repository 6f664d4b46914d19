"""The phrase a number measures (its subject), change words, and indicator matching (extract stage).

A subject is read from the clause around the number, in the source script: the noun phrase before it
("新能源發電量116.8億千瓦時"), or the one after its unit when the number leads ("179家企業入選…"), with period
words, qualifiers, comparators and linking verbs removed. "X等N個Y" keeps the verb and Y ("累計引進項目").
Once places are read (`dzkg.extract.areas`), `dzkg.extract.placed` takes a figure's place out of its subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from dzkg.lexicon import Lexicon, Term
from dzkg.model import Document, Quantity, Span
from dzkg.normalize import key

CHANGE = re.compile(
    r"(?P<cmp>同比|环比|按可比口径|比上年同期|比上年|较上年同期|较上年|较去年同期|比去年同期|较去年|比去年|较年初|比年初|"
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
    r"(?:连续|分别|共计|合计|总计|累计达|达到|达|为|是|共|计|至|到|约|近|超过|超|逾|突破|占|实现|可解决|可|力争|预计|确保|将|有望)+$"
)
# 左右 and 以上 at the start belong to the number before
LEAD = re.compile(r"(?:左右|以上|以下|上下)?(?:,)?(?:其中|同时|全市|全省|全区|全县|目前|当前|预计|力争)?(?:,)?")
PERIODISH = re.compile(
    r"\(?\d{4}\s*年?\s*-\s*\d{4}\s*年\)?|\d{4}\s*年\s*\d{1,2}\s*(?:-\s*\d{1,2}\s*)?月(?:份)?|\d{4}\s*年(?:度)?|"
    r"\d{1,2}\s*-\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*至\s*\d{1,2}\s*月(?:份)?|\d{1,2}月(?:份|底|末)?(?:当月)?|"
    r"今年以来|截至目前|截至\S{1,4}月底|前三季度|(?:第)?[一二三四1-4]季度|上半年|下半年|全年|今年|去年|本年|(?:今年)?前\S个月|到(?!位)|截至"
)
_VERB_TAIL = re.compile(
    r"(?:部署|明确|确定|推出|出台|制定|列出|梳理|细化|聚焦|围绕|提出|包括|涵盖|遴选|引进|新引进|举办|实施|落实|优选|组织|开展|建成|打造|创建|推动|支持|培育|认定|获批|狠抓|推进|加快推进|"
    r"新增|新落地|落地|争取|已争取|完成|新建|建设|形成|拥有|有|带动|吸引|签约|解决|服务)$"
)
_VERB_HEAD = re.compile(
    r"(?:累计引进|新引进|新落地|新增|累计|引进|实施|培育|认定|获批|举办|组建|打造|建成|开工建设|新开工|新签约)"
)
_MEASURE_AFTER = re.compile(r"优良|比例|比重|占比|增速|增幅|完成率|总量|产值|营收|规模(?!化|以上)")
_GENERIC = {"总数", "数量", "总量", "总计", "合计", "总额", "规模", "其中", "增速", "增幅", "降幅", "涨幅", "跌幅"}
_BENCHMARK = re.compile(r"(增速|增幅)?(?:高于|低于|快于|慢于)(?:全省|全国|全市|全区)")
_BENCHMARK_FIGURE = re.compile(
    r"(?:高于|低于|快于|慢于|好于|优于|(?<=\))(?:和|、|及|与))(?P<place>全省|全国|全市)(?:平均水平|平均|水平)?\("
)
_STOP_AFTER = re.compile(
    r"[,;。:(\d]|、(?=[\d一二两三四五六七八九十百千]|[^、,;。]{0,5}\d)|分别|同比|较|比上年|居|位居|列(?!入)|占|实现|达到|已|并|提出|推出|确定|部署|明确|于(?=[\d一二三四五六七八九十上下本今去])|(?:推进|实施|落实|开展)(?=[\d一二两三四五六七八九十])|,"
)


def change_words(before: str) -> str | None:
    """The change verb at the end of the text before a number (同比增長 → 增长), or None."""
    match = CHANGE.search(before)
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


_OF_LAST_YEAR = re.compile(r"(?:为|是|相当于)?(?:上年|去年|上年同期|去年同期)的?")
_ACHIEVE = re.compile(r"可?(?:实现|實現)")
_CONDITION = re.compile(r"(?:达产|達產|建成|投产|投產|投用|竣工)[后後]可?")


def _phrase(doc: Document, clause: Span, start: int, end: int, change: str | None, floor: int) -> str:
    norm, text = doc.norm, doc.text
    left = max(clause.start, floor)
    pre = norm[left:start]
    if change:
        match = CHANGE.search(pre)
        pre = pre[: match.start()] if match else pre
    pre_end = left + len(pre)
    pre_start = left
    # Drop period words and linking verbs at the ends of the phrase before the number.
    for _ in range(3):
        stripped = _LINK.sub("", norm[pre_start:pre_end])
        pre_end = pre_start + len(stripped)
        periodish = PERIODISH.match(norm, pre_start, pre_end)
        if periodish:
            pre_start = periodish.end()
        lead = LEAD.match(norm, pre_start, pre_end)
        if lead and lead.end() > pre_start:
            pre_start = lead.end()
        tail = PERIODISH.search(norm[pre_start:pre_end])
        if tail and tail.end() == pre_end - pre_start:
            pre_end = pre_start + tail.start()
    cut = norm.find("分别", pre_start, pre_end)
    if cut - pre_start >= 2:  # 优良天数分别为243天…: the measure is what comes before 分别
        pre_end = pre_start + len(norm[pre_start:cut].rstrip(" ,"))
    pre_text = norm[pre_start:pre_end].strip(" ,、")
    last = pre_text.rsplit("、", 1)[-1]
    if floor > clause.start and last != pre_text and len(last) >= 2 and "等" not in pre_text:
        pre_text, pre_start = last, pre_end - len(last)  # …等23个项目、总投资218亿元: 总投资, not 项目、总投资
    if "等" in pre_text:
        head = _VERB_HEAD.search(pre_text, 0, pre_text.rindex("等"))  # 天衢新區新落地…等9個項目: 新落地項目
        rest = _following_noun(norm, end, clause.end)
        phrase = (head[0] if head else "") + pre_text[pre_text.rindex("等") + 1 :] + rest
        return source_text(text, norm, phrase, clause) or rest
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
    if norm[start : start + 1] == "、":  # 新增1380家、總數達到7215家: the next item, not a noun of this number
        return ""
    stop_match = _STOP_AFTER.search(norm, start, stop)
    end = stop_match.start() if stop_match else stop
    phrase = norm[start:end]
    measure = _MEASURE_AFTER.search(phrase, 2)
    if measure:
        phrase = phrase[: measure.start()]
    return re.sub(r"(?:为|是|达到|达)$", "", phrase).strip(" 、")


def source_text(text: str, norm: str, phrase: str, clause: Span) -> str:
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
    measure for the benchmark's place (`places`: 全国/全省/全市 → place key). A figure whose clause gives it no
    words of its own (…營業收入突破30億元,預計全年可達45億元) measures what the figure before it in the same unit
    measures; in M個X中有N個…, the N are the X that did what follows (實現增長的工業大類行業)."""
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
        if _OF_LAST_YEAR.fullmatch(key(q.subject)) and previous.sentence == q.sentence and previous.subject:
            out[i] = replace(q, subject=previous.subject)  # 產量2.46萬輛,為上年同期的2.3倍: a multiple of the same
            continue
        if doc.text[q.span.start : q.span.end] in q.subject and previous.sentence == q.sentence:
            if previous.subject.endswith("中有"):  # 41个工业大类行业中有29个实现增长: those that grew
                whole = previous.subject[:-2]
                done = re.match(r"[^,;。:]*", doc.text[q.span.end : q.clause.end])[0]  # type: ignore[index]
                out[i - 1] = replace(previous, subject=whole)
                out[i] = replace(q, subject=f"{done}的{whole}" if done else whole)
                continue
            same = previous.unit_key == q.unit_key or q.stat_type.startswith("change_")  # …1.38億噸、同比增長2.0%
            if previous.subject and same:  # 营业收入突破30亿元,预计全年可达45亿元
                out[i] = replace(q, subject=previous.subject)
                continue
        generic = key(q.subject) in _GENERIC or key(q.subject).rstrip("达到为") in _GENERIC
        bare_change = q.stat_type.startswith("change_") and (
            not q.subject.strip() or CHANGE.fullmatch(doc.norm[q.clause.start : q.span.start].strip())
        )
        benchmark = _BENCHMARK.match(key(q.subject))
        share_of = key(q.subject).startswith("占") and q.base_unit in ("PERCENT", "PERCENT_POINT")
        share_of = share_of and not key(previous.subject).startswith("占")
        if share_of and previous.subject and previous.sentence == q.sentence:
            q = replace(q, subject=previous.subject + q.subject)  # 裝機286萬千瓦,占總裝機比重52.7%: the 裝機's share
        elif benchmark and previous.subject and previous.sentence == q.sentence:
            rate = "增速" if previous.stat_type == "change_rel" and not benchmark[1] else ""
            q = replace(q, subject=previous.subject + source_text(doc.text, doc.norm, rate, q.clause) + q.subject)
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


GENERIC_MEASURE = re.compile(r"(?:累计|年度|年度计划|计划)?(?:完成)?(?:投资|总投资)(?:完成率)?|总投资|投资额|到位资金")


_AVERAGE = re.compile(r"(两年平均|三年平均|年均)(?:增长|增加|提高|下降)")


def qualify(doc: Document, q: Quantity, earlier: Iterable[Quantity]) -> Quantity:
    """A generic measure (完成投資, 總投資, 年度投資完成率) is of the counted group stated just before it
    (150個市級重點技改項目 … 完成投資178.1億元 → 市級重點技改項目完成投資), which becomes its qualifier and the
    start of its subject, so that different groups get different indicators; an average
    growth (兩年平均增長6.4%) is a different measure from the year-on-year one. `earlier`: the counts stated
    before q in its paragraph, nearest first."""
    average = _AVERAGE.search(doc.norm[q.clause.start : q.span.start])
    if average and q.stat_type.startswith("change_"):
        return replace(q, qualifier=doc.text[q.clause.start + average.start(1) : q.clause.start + average.end(1)])
    if not GENERIC_MEASURE.fullmatch(key(q.subject)):
        return q
    for other in earlier:
        if other.base_unit == "NUM" and other.span.end <= q.span.start and other.subject:
            return replace(q, qualifier=other.subject, subject=other.subject + q.subject)
    return q


def following(doc: Document, q: Quantity) -> str:
    """The noun phrase after q's number and unit, in the source script (连续五年入选全国综合实力百强区 → 入选…)."""
    phrase = _following_noun(doc.norm, q.span.end, q.clause.end)
    at = doc.norm.find(phrase, q.span.end, q.clause.end) if phrase else -1
    return doc.text[at : at + len(phrase)] if at != -1 else ""


def indicator_for(subject: str, lexicon: Lexicon) -> Term | None:
    """The curated indicator whose longest alias occurs in the subject phrase."""
    folded = key(subject)
    for alias in lexicon.aliases_longest_first("indicator"):
        if alias in folded:
            return lexicon.terms["indicator"][lexicon.index["indicator"][alias]]
    return None
