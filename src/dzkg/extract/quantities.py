"""Stated quantities → `Quantity` records (extract stage, no rdflib).

For each number with a unit in the masked folded text: value (Decimal, Chinese numerals via cn2an), the
unit and base value, qualifier flags, the clause and subject phrase it measures, whether it is a change
(signed by the indicator's polarity), its period, and the rank stated after it. Lists sharing one unit
(分别提升7.7个、15.7个百分点; 分别为3、5家) take the unit of their last member.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace

from dzkg.extract import links, lists, ranks, subjects, wordless
from dzkg.extract.periods import during, find_periods, period_for, spell_of, target_period
from dzkg.extract.text import canonical, clause_of, fits, parse_number, too_long
from dzkg.lexicon import Lexicon, Unit
from dzkg.model import Document, Period, Quantity, Sentence, Span

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+"
# Before a unit, the shortest Chinese numeral that a unit follows: 超千亿元 is 千 亿元, not 千亿 元.
_NUM_BEFORE_UNIT = r"\d+(?:,\d{3})*(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+?(?:点[零一二三四五六七八九]+)?"
_BARE = re.compile(rf"({_NUM})(?=\s*[、和及与]\s*(?:{_NUM}))")
_NOT_A_JOIN = re.compile(r"[^、和及与 ]")
_APPROX_BEFORE = re.compile(r"(?:约|近|大约|接近|将近)$")
_LOWER_BEFORE = re.compile(r"(?:超过|超|逾|突破|多于|不低于|不少于|高于)$")
_AFTER = re.compile(r"^\s*(以上|左右|上下|以内|以下)")
_TARGET = re.compile(
    r"力争|(?<!已)(?<!成功)争取|目标(?!任务)|计划(?!投资|单列)|预期|确保|到\d{4}年|到20\d\d|至20\d\d年"
)
_ESTIMATE = re.compile(r"预计|可贡献|可解决|有望|可带动|可实现|可新增|预测|将达")
_SHARE = re.compile(r"比重|占比|比例|比率|份额|覆盖率|占全|率")
_GROWTH = re.compile(r"增速|增幅|增长率|涨幅|降幅")
_DURATION_BEFORE = re.compile(r"(?:连续|近|满|超过|逾|长达|累计)$")


def unit_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    units = "|".join(re.escape(u) for u in sorted(lexicon.units, key=len, reverse=True))
    return re.compile(
        rf"(?P<n1>{_NUM_BEFORE_UNIT})(?:\s*(?P<dash>-|至|到)\s*(?P<n2>{_NUM_BEFORE_UNIT}))?\s*(?P<mag>[万亿](?=[多余]))?(?P<more>多|余)?\s*"
        rf"(?P<unit>{units})"
    )


def find_quantities(
    doc: Document,
    masked: str,
    period_text: str,
    lexicon: Lexicon,
    *,
    lead: Span | None,
    province: str | None,
    city: str | None,
) -> list[Quantity]:
    pattern = unit_pattern(lexicon)
    found: list[Quantity] = []
    counted: list[Quantity] = []  # counts with a subject earlier in the paragraph: what a generic measure qualifies
    previous_period: Period | None = None
    spell: Period | None = None  # the last dated spell (国庆假期(10月1日至8日)), for a later 假期期间
    paragraph_start = 0
    for sentence in doc.sentences:
        if doc.paragraphs[sentence.paragraph].start == sentence.span.start:
            previous_period = None  # a period carries over one sentence, never into a new paragraph
            counted = []
            paragraph_start = len(found)
        periods = list(find_periods(period_text, sentence.span.start, sentence.span.end, doc.published, doc.text))
        periods = sorted(
            periods + during(doc.norm, sentence.span.start, sentence.span.end, doc.text, spell),
            key=lambda p: p[0].start,
        )
        spell = spell_of(periods, spell)
        in_sentence: list[Quantity] = []
        for match in _matches(pattern, masked, sentence.span, lexicon):
            floor = _floor(doc, in_sentence[-1]) if in_sentence else 0
            quantity = _quantity(doc, sentence, match, lexicon, periods, previous_period, lead, floor)
            if quantity is not None:
                in_sentence.append(quantity)
        in_sentence.extend(
            wordless.find(doc, masked, sentence, periods, previous_period, lexicon, stat_type=_stat_type)
        )
        in_sentence.sort(key=lambda q: q.span.start)
        in_sentence = _share_list_units(doc, masked, in_sentence, sentence, lexicon)
        in_sentence = subjects.complete(doc, in_sentence, {"全国": "CN", "全省": province, "全市": city})
        in_sentence = lists.split_lists(doc, in_sentence, lexicon, found[paragraph_start:])
        in_sentence = links.increments(doc, in_sentence)
        in_sentence = [_signed(doc, q, lexicon) for q in in_sentence]
        before = len(counted)
        qualified = []
        for q in in_sentence:
            qualified.append(subjects.qualify(doc, q, reversed(counted)))
            if q.base_unit == "NUM" and q.subject:
                counted.append(q)
        in_sentence = qualified
        in_sentence = [  # a rank-only observation takes its sentence's period like any other number
            replace(q, period=period_for(q.span.start, periods, previous_period, doc.published))
            if q.stat_type == "rank_only" and q.period is None
            else q
            for q in ranks.attach(doc, masked, sentence, in_sentence, province=province, city=city)
        ]
        in_sentence.sort(key=lambda q: q.span.start)
        found.extend(in_sentence)
        del counted[before:]  # again, as ranks may have added rank-only observations
        counted.extend(q for q in in_sentence if q.base_unit == "NUM" and q.subject)
        previous_period = periods[-1][1] if periods else None
    return links.link_changes(found)


def _floor(doc: Document, previous: Quantity) -> int:
    """Where the next subject may begin: after the previous number, and after its subject if it follows it."""
    end = previous.span.end
    if previous.subject and doc.text.startswith(previous.subject, end):
        return end + len(previous.subject)
    return end


def _matches(pattern: re.Pattern[str], masked: str, span: Span, lexicon: Lexicon) -> list[re.Match[str]]:
    out = []
    for match in pattern.finditer(masked, span.start, span.end):
        before = masked[match.start() - 1] if match.start() else ""
        after = masked[match.end()] if match.end() < len(masked) else ""
        token = match["n1"]
        unit = lexicon.units[_unit_key(match, lexicon)]
        if too_long(token) or (match["n2"] and too_long(match["n2"])):
            continue  # no statistic (the read stage warns about it)
        if before.isascii() and (before.isalnum() or before == ".") and before:
            continue
        if before == "第" or after == "级" or (after.isascii() and after.isalpha()):
            continue
        if not token[0].isdigit():
            rounded = (  # 近千亿, 超百万吨, 近千家次: a round figure, not a word such as 千家万户
                token in ("百", "千")
                and re.search(r"(?:近|超|逾|破|达|上|过)$", masked[max(0, match.start() - 2) : match.start()])
            )
            one_counted = (
                token == "一"
                and unit.base == "NUM"
                and subjects.change_words(masked[max(span.start, match.start() - 12) : match.start()])
            )  # a window, not the text so far
            if (token in ("百", "千", "万", "亿") and not rounded) or (
                token == "一" and unit.base == "NUM" and not one_counted
            ):
                continue  # 一家企业 is an article, but 比上年增加一家 is a count
            if not _cn_ok(token):
                continue
        if (
            unit.base != "NUM"
            and re.match(r"(?:以上|以下)[\u4e00-\u9fff]", masked[match.end() : match.end() + 3])
            and not re.match(r"(?:以上|以下)(?:的企业|,)", masked[match.end() : match.end() + 5])
        ):
            continue  # 500万元以上工业技改项目: a threshold naming a class (10个以上重大项目 is a count)
        if unit.base == "YR" and (
            len(token) == 4 or not _DURATION_BEFORE.search(masked[max(0, match.start() - 3) : match.start()])
        ):
            continue
        if unit.base == "MO" and masked[match.start() - 1 : match.start()] == "前":
            continue
        if match["unit"] == "亿" and after in "千万":
            continue
        among = re.match(
            r"[\u4e00-\u9fff()、]{0,6}?中\s*(?:居|位居|位列|列|排名|排)", masked[match.end() : match.end() + 12]
        )
        ranked_in = re.search(
            r"(?:居|列|位居|位列|排名)[^,;。:、\d]{0,8}$", masked[max(0, match.start() - 12) : match.start()]
        )
        if (
            (among and "在" in masked[max(0, match.start() - 12) : match.start()])
            or (masked[match.end() : match.end() + 2] == "之首" and masked[match.start() - 1 : match.start()] == "居")
            or (ranked_in and re.match(r"[^,;。:、\d]{0,8}?第", masked[match.end() : match.end() + 10]))
        ):
            continue  # 在全省16市中居第3位, 居全省16市第4位, 居15个副省级城市第3位: a peer group's size
        if re.search(r"(?:过|超过)$", masked[max(0, match.start() - 2) : match.start()]) and re.match(
            r"(?:的)?(?:企业|项目|工业项目|产业集群|集群|园区)|的(?:县|区|市|镇|乡|村)",
            masked[match.end() : match.end() + 4],
        ):
            continue  # 营业收入过百亿元企业: a threshold naming a class of enterprises
        if masked[max(0, match.start() - 2) : match.start()] == "年产" and re.match(
            r"[^,;。、]{0,20}项目", masked[match.end() : match.end() + 24]
        ):
            continue  # 年产20万吨锂电池负极材料项目: a capacity inside a project's name
        out.append(match)
    return out


def _cn_ok(token: str) -> bool:
    try:
        parse_number(token)
    except (ValueError, KeyError, IndexError, TypeError):
        return False
    return True


def _quantity(
    doc: Document,
    sentence: Sentence,
    match: re.Match[str],
    lexicon: Lexicon,
    periods: list[tuple[Span, Period]],
    previous_period: Period | None,
    lead: Span | None,
    floor: int,
) -> Quantity | None:
    unit: Unit = lexicon.units[_unit_key(match, lexicon)]
    try:
        value = parse_number(match["n1"])
        value_max = parse_number(match["n2"]) if match["n2"] else None
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if value_max is not None and (value_max < value or not fits(value_max, unit.multiplier)):
        return None
    if not fits(value, unit.multiplier):
        return None
    norm = doc.norm
    start = match.start()
    if norm[start - 1 : start] in ("-", "−") and not norm[start - 2 : start - 1].isdigit() and match["n1"][0].isdigit():
        start -= 1  # 增速为-2.3%: a printed minus, not a range's dash
        value = -value
    clause = clause_of(norm, sentence.span, start, match.end())
    before = norm[clause.start : start]
    after = norm[match.end() : clause.end]
    flags: set[str] = set()
    end = match.end()
    if _APPROX_BEFORE.search(before) or (_AFTER.match(after) and _AFTER.match(after)[1] in ("左右", "上下")):
        flags.add("approx")
    if _LOWER_BEFORE.search(before) or match["more"] or (_AFTER.match(after) and _AFTER.match(after)[1] == "以上"):
        flags.add("lower_bound")
    if _AFTER.match(after):
        end += _AFTER.match(after).end()  # type: ignore[union-attr]
    window = norm[max(sentence.span.start, start - 30) : start]
    if _TARGET.search(window.rsplit(";", 1)[-1]):  # a target word governs its segment of the sentence
        flags.add("target")
    if _ESTIMATE.search(before):
        flags.add("estimate")
    if value_max is not None:
        flags.add("range")
    if not match["n1"][0].isdigit():
        flags.add("chinese_numeral")
    if unit.base in ("YR", "MO", "DAY") and re.search(r"连续$", before):
        flags.add("duration")
    if lead is not None and lead.contains(Span(match.start(), match.end())):
        flags.add("headline")
    change = subjects.change_words(before)
    subject = subjects.subject(doc, clause, start, match.end(), change, floor)
    stat_type = _stat_type(unit, subject, change, before)
    period = period_for(start, periods, previous_period, doc.published)
    if period is not None and period.text and re.match(r"到|至", period.text):
        flags.add("target")
    if "target" in flags and period is not None:
        period = target_period(period, doc.published)
    text_unit = doc.text[match.start("mag") : match.start("mag") + 1] if match["mag"] else ""
    text_unit += doc.text[match.start("unit") : match.end("unit")]
    value_base = canonical(value * unit.multiplier)
    return Quantity(
        span=Span(start, end),
        clause=clause,
        sentence=sentence.span,
        section=sentence.section,
        value=canonical(value),
        unit=text_unit,
        unit_key=unit.text,
        value_base=value_base,
        base_unit=unit.base,
        stat_type=stat_type,
        subject=subject,
        period=period,
        value_max=canonical(value_max) if value_max is not None else None,
        flags=frozenset(flags),
        programme=None,
    )


def _unit_key(match: re.Match[str], lexicon: Lexicon) -> str:
    return (
        (match["mag"] or "") + match["unit"]
        if match["mag"] and (match["mag"] + match["unit"]) in lexicon.units
        else match["unit"]
    )


def _signed(doc: Document, q: Quantity, lexicon: Lexicon) -> Quantity:
    """A change's value carries its direction: 下降 is negative; 改善 is negative for a lower-is-better
    indicator (PM2.5 同比改善20.5% → -20.5); 提升4个位次 and 前进3位 are a smaller rank number (-4, -3)."""
    if not q.stat_type.startswith("change_") or q.value < 0:
        return q
    before = doc.norm[q.clause.start : q.span.start]
    verb = subjects.change_words(before)
    if verb is None and "分别" in before:  # a later member of 分别改善8.7%、6.3%
        cut = before.index("分别")
        first_number = re.search(r"\d", before[cut:])
        verb = subjects.change_words(before[: cut + first_number.start()]) if first_number else None
    if verb is None:
        return q
    if verb == "改善":
        indicator = subjects.indicator_for(q.subject, lexicon)
        down = indicator is not None and indicator.cls == "lower"
    else:
        down = subjects.is_down(verb)
    if q.unit_key.endswith("位次") or q.unit_key == "位":  # 前进3位: a smaller rank number
        down = not down
    return replace(q, value=-q.value, value_base=-q.value_base) if down else q


def _stat_type(unit: Unit, subject: str, change: str | None, before: str) -> str:
    if change:
        if unit.base == "PERCENT_POINT":
            return "change_pp"
        if unit.base in ("PERCENT", "TIMES"):
            return "change_rel"
        return "change_abs"
    if unit.base == "PERCENT":
        folded = subject
        if "完成率" in folded:
            return "completion_rate"
        if _GROWTH.search(folded) or _GROWTH.search(before):
            return "change_rel"
        if _SHARE.search(folded):
            return "share"
        return "level"
    if unit.base == "NUM":
        return "count"
    return "level"


def _share_list_units(
    doc: Document, masked: str, quantities: list[Quantity], sentence: Sentence, lexicon: Lexicon
) -> list[Quantity]:
    """分别提升7.7个、15.7个百分点: the first member takes the last member's longer unit."""
    out = list(quantities)
    for i in range(len(out) - 2, -1, -1):
        this, nxt = out[i], out[i + 1]
        between = doc.norm[this.span.end : nxt.span.start]
        if between.strip() in ("、", "和", "及", "与") and nxt.unit_key != this.unit_key:
            if nxt.unit_key.startswith(this.unit_key) or nxt.unit_key.endswith(this.unit_key):
                unit = lexicon.units[nxt.unit_key]
                if not fits(this.value, unit.multiplier):
                    continue
                out[i] = replace(
                    this,
                    unit=nxt.unit,
                    unit_key=nxt.unit_key,
                    base_unit=unit.base,
                    value_base=canonical(this.value * unit.multiplier),
                    stat_type=nxt.stat_type,
                )
    # Bare numbers listed before a quantity (分别为3、5家) take its unit.
    stated = list(out)  # in text order
    reach = list(itertools.accumulate((q.span.end for q in stated), max))  # the furthest end so far
    for match in _BARE.finditer(masked, sentence.span.start, sentence.span.end):
        after = bisect.bisect_right(stated, match.end(), key=lambda q: q.span.start)
        follower = stated[after] if after < len(stated) else None
        starting_before = bisect.bisect_left(stated, match.end(), key=lambda q: q.span.start)
        if follower is None or (starting_before and reach[starting_before - 1] > match.start()):
            continue  # nothing follows, or the number belongs to a stated quantity
        if (
            masked[match.start() - 1 : match.start()] in ("第", ".")
            or masked[match.start() - 1 : match.start()].isdigit()
        ):
            continue
        if _NOT_A_JOIN.search(doc.norm, match.end(), follower.span.start) and not _BARE.match(
            doc.norm, match.end() + 1
        ):
            continue  # something other than 、和及与 between the number and the quantity
        unit = lexicon.units[follower.unit_key]
        try:
            value = parse_number(match[1])
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        if too_long(match[1]) or not fits(value, unit.multiplier):
            continue
        out.append(
            replace(
                follower,
                span=Span(match.start(), match.end()),
                value=canonical(value),
                value_base=canonical(value * unit.multiplier),
                value_max=None,
                rank=None,
                rank_scope=None,
                flags=follower.flags - {"range", "chinese_numeral"},
            )
        )
    return sorted(out, key=lambda q: q.span.start)


__all__ = ["find_quantities", "unit_pattern"]
