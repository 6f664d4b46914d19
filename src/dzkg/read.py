"""Stage 1, read: a briefing file (+ optional meta JSON) → `Document`.

Strict decoding (UTF-8, a leading BOM removed; anything else is an `InputError` naming the file, line,
column and the likely encoding), the publication date (meta file, else the text's `日期:` line), and the
structure: paragraphs, headings at three levels and sentences, all as code-point offsets into the decoded
text. The folded matching text (`normalize.fold`) rides along for the later stages.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dzkg.errors import InputError
from dzkg.model import Document, Heading, Sentence, Span
from dzkg.normalize import MAX_DIGITS, fold

_CJK = re.compile(r"[\u3400-\u9fff]")
_DATE_LINE = re.compile(
    r"(?:日期|发布时间|发布日期|时间)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_SOURCE_LINE = re.compile(r"^\s*(?:来源|来源于|作者|日期|发布时间)\s*[:：]")
_H1 = re.compile(r"^\s*(?:着力|聚力|全力|奋力|坚持|持续|强化|突出|聚焦)[^。,;:!?]{3,30}\s*$")
_H2 = re.compile(r"^\s*[?]?\s*(?:\(([一二三四五六七八九十]{1,3})\)|([一二三四五六七八九十]{1,3})、)")
_H3 = re.compile(r"(?:^|(?<=[。;]))\s*(?:\((\d{1,2})\)|([一二三四五六七八九十])是)")
_SENT_END = re.compile(r"[。!！？]+[”’」』]?|\n")
_LOST = re.compile(r"(?<=[\u3400-\u9fff])\?(?=[\u3400-\u9fff])|^\?(?=[(\u3400-\u9fff])|\ufffd", re.M)
_META_KEYS = {"id", "title", "published", "publisher", "place"}


def read_briefing(path: Path | str, meta_path: Path | str | None = None) -> Document:
    """Read `<id>.txt` and, when present, the `<id>.meta.json` beside it."""
    path = Path(path)
    if meta_path is None and path.with_suffix(".meta.json").exists():
        meta_path = path.with_suffix(".meta.json")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    text = decode(raw, path)
    if not text.strip(" \t\r\n\u3000\ufeff"):
        raise InputError(path, "the briefing is empty (only whitespace)")
    warnings = _unsafe_characters(text, path)
    text = _UNSAFE.sub(" ", text)  # same length: offsets still count the file's code points
    text = re.sub("\r(?!\n)", "\n", text)  # a lone CR (old Mac files, stray) breaks the line as LF does
    meta = _read_meta(Path(meta_path)) if meta_path else {}
    published = _published(meta, text, path, Path(meta_path) if meta_path else None)
    norm = fold(text)
    paragraphs = _paragraphs(text)
    headings = _headings(text, norm, paragraphs)
    sentences = _sentences(norm, paragraphs, headings)
    first_line = text.split("\n", 1)[0].strip()
    fields = {name: _clean(str(meta[name])) for name in ("id", "title", "publisher", "place") if meta.get(name)}
    return Document(
        id=fields.get("id") or path.name.removesuffix(".txt"),
        path=path,
        text=text,
        norm=norm,
        sha256=hashlib.sha256(raw).hexdigest(),
        published=published,
        title=fields.get("title") or first_line,
        publisher=fields.get("publisher"),
        place=fields.get("place"),
        paragraphs=paragraphs,
        headings=headings,
        sentences=sentences,
        warnings=tuple(warnings + _lost_characters(text, path) + _implausible(text, norm, path)),
    )


_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (a .docx, .xlsx or .zip)",
    b"\xd0\xcf\x11\xe0": "an Office document (.doc, .xls, .wps)",
    b"{\\rtf": "RTF, not plain text",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_PLAUSIBLE = 0.25
"""Chinese text decoded with its right codec has ~0.5 of its characters among the commonest (`_COMMON`);
the same bytes decoded with a wrong codec ~0.1 or less."""
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters no XML output may hold (C0 controls but tab, newline and CR; DEL; U+FFFE, U+FFFF)."""


def _clean(value: str) -> str:
    """A meta field as one line of safe characters."""
    return _UNSAFE.sub(" ", value).replace("\r", " ").replace("\n", " ")


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 only (BOM removed). Other encodings, binary files and text that decodes but reads as mojibake are
    refused with the position and, where it can be told, the likely encoding."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "the file is UTF-16 (byte-order mark); save it as UTF-8", line=1, column=1)
    for signature, what in _SIGNATURES.items():
        if raw.startswith(signature):
            raise InputError(path, f"this is {what}, not UTF-8 text", line=1, column=1)
    if b"\x00" in raw[:4096]:
        wide = _utf16(raw)
        reason = f"the file is {wide} without a byte-order mark" if wide else "this is a binary file, not text"
        raise InputError(path, f"{reason}; save it as UTF-8", line=1, column=1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        looks = likely_encoding(raw)
        source = {"BIG5": "BIG5", "UTF-16": "UTF-16"}.get(looks, "GB18030")  # GB18030 is a superset of GBK
        raise InputError(
            path,
            f"not valid UTF-8 at byte {exc.start}; the text looks like {looks}; "
            f"convert it to UTF-8 (e.g. iconv -f {source} -t UTF-8)",
            line=raw.count(b"\n", 0, exc.start) + 1,
            column=len(raw[line_start : exc.start].decode("utf-8")) + 1,  # in characters: the prefix is valid
        ) from None
    text = text.removeprefix("\ufeff")
    unsafe = len(_UNSAFE.findall(text, 0, 65536))
    if unsafe >= 32 and unsafe > 0.05 * min(len(text), 65536):
        raise InputError(path, "this is a binary file (too many control characters), not text", line=1, column=1)
    _refuse_mojibake(text, path)
    return text


def _utf16(raw: bytes) -> str | None:
    """'UTF-16LE' or 'UTF-16BE' when `raw` reads as plausible text in that byte order."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            sample = raw[: len(raw) // 2 * 2].decode(codec)
        except UnicodeDecodeError:
            continue
        if not _UNSAFE.search(sample[:2048]) and (_plausibility(sample) >= _PLAUSIBLE or sample[:2048].isascii()):
            return codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    return None


_LATIN = re.compile(
    "[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def _refuse_mojibake(text: str, path: Path) -> None:
    """Text that decodes as UTF-8 but is mostly Latin-1 letters where Chinese belongs (GBK or Big5 bytes read as
    Latin-1 or cp1252 and saved again as UTF-8): a successful decode is not trusted when the text is implausible."""
    sample = text[:65536]
    latin = _LATIN.findall(sample)
    if len(latin) < 16 or len(latin) < 4 * len(_CJK.findall(sample)):
        return
    guesses = [(*_guess(sample.encode(codec, errors="ignore")), codec) for codec in ("latin-1", "cp1252")]
    name, score, codec = max(guesses, key=lambda guess: guess[1])
    if score < _PLAUSIBLE:
        return
    first = _LATIN.search(text)
    assert first is not None
    line = text.count("\n", 0, first.start()) + 1
    raise InputError(
        path,
        f"the text is mojibake: {name} bytes read as {codec} and saved as UTF-8 "
        f"(e.g. {text[first.start() : first.start() + 6]!r}); convert the original file to UTF-8 instead",
        line=line,
        column=first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1,
    )


def likely_encoding(raw: bytes) -> str:
    """Name the legacy encoding under which `raw` reads as the most plausible Chinese text."""
    return _guess(raw)[0]


def _guess(raw: bytes) -> tuple[str, float]:
    """The legacy encoding under which `raw` reads as the most plausible Chinese text, and how plausible (0..1).
    Decoding without error proves little (GBK bytes often decode as Big5): the text must look like Chinese."""
    best, best_score = "an unknown legacy encoding", 0.0
    for name in ("gb18030", "big5", "utf-16"):
        try:
            sample = raw.decode(name)
        except UnicodeDecodeError:
            continue
        score = _plausibility(sample)
        if score > best_score:
            best, best_score = name.upper() if name != "gb18030" else "GBK/GB18030", score
    return best, best_score


# The commonest characters of this genre in both scripts: real text decoded with the right codec is full
# of them; GBK bytes decoded as Big5 (or the reverse) decode without error but hit them rarely.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
    "应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向"
    "道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件"
    "长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
    "質國個為這發產們動開經過會實還關與體機當點數業對應進說時區來後門務將從現間幾氣問題報導傳統級強設計資處連續"
    "縣項場條億萬噸畝輛電營務環綠態廠區縣鏈群範試點創新資質標準規劃議廳審協"
)


def _plausibility(sample: str) -> float:
    cjk = [ch for ch in sample if _CJK.match(ch)]
    if len(cjk) < 4:
        return 0.0
    return sum(ch in _COMMON for ch in cjk) / len(cjk)


def _read_meta(meta_path: Path) -> dict[str, object]:
    try:
        meta_raw = meta_path.read_bytes()
    except OSError as exc:
        raise InputError(meta_path, f"cannot read: {exc.strerror}") from exc
    try:
        meta = json.loads(decode(meta_raw, meta_path))
    except json.JSONDecodeError as exc:
        raise InputError(meta_path, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    if not isinstance(meta, dict):
        raise InputError(meta_path, "the meta file must hold a JSON object", line=1, column=1)
    unknown = set(meta) & _META_KEYS
    if not unknown and meta:
        raise InputError(meta_path, f"no known key (expected some of {', '.join(sorted(_META_KEYS))})")
    return meta


def _published(meta: dict[str, object], text: str, path: Path, meta_path: Path | None) -> date:
    if meta.get("published"):
        try:
            return date.fromisoformat(str(meta["published"]))
        except ValueError:
            raise InputError(meta_path or path, f"'published' is not an ISO date: {meta['published']!r}") from None
    match = _DATE_LINE.search(fold(text[:2000]))
    if match:
        line = text.count("\n", 0, match.start()) + 1
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise InputError(path, f"the 日期 line holds an impossible date: {match[0]}", line=line) from None
    raise InputError(path, "no publication date: give 'published' in the .meta.json or a '日期:' line in the text")


def _paragraphs(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\r\u3000")
        if stripped:
            start = offset + line.index(stripped[0])
            spans.append(Span(start, start + len(stripped)))
        offset += len(line) + 1
    return tuple(spans)


def _headings(text: str, norm: str, paragraphs: tuple[Span, ...]) -> tuple[Heading, ...]:
    headings: list[Heading] = []
    for index, para in enumerate(paragraphs):
        line = norm[para.start : para.end]
        if index == 0 or _SOURCE_LINE.match(line):
            continue
        if _H1.match(line) or (len(line) <= 24 and not re.search(r"[。,;:!?]", line)):
            headings.append(Heading(para, 1, text[para.start : para.end].strip()))
            continue
        match = _H2.match(line)
        if match:
            stop = _lead_end(line, match.end())
            headings.append(
                Heading(
                    Span(para.start, para.start + stop),  # from the line start: a lost '?' may precede (一)
                    2,
                    text[para.start + match.end() : para.start + stop],
                )
            )
        for sub in _H3.finditer(line, match.end() if match else 0):
            stop = _lead_end(line, sub.end())
            if stop > sub.end():
                headings.append(
                    Heading(
                        Span(para.start + sub.start(), para.start + stop),
                        3,
                        text[para.start + sub.end() : para.start + stop],
                    )
                )
    return tuple(headings)


def _lead_end(line: str, start: int) -> int:
    match = re.compile(r"[。:]").search(line, start, start + 41)
    return match.start() if match and match.start() - start <= 40 else start


def _sentences(norm: str, paragraphs: tuple[Span, ...], headings: tuple[Heading, ...]) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    heading_starts = [h.span.start for h in headings]
    for index, para in enumerate(paragraphs):
        start = para.start
        for match in _SENT_END.finditer(norm, para.start, para.end):
            if match.end() > start:
                sentences.append(_sentence(start, match.end(), index, heading_starts))
            start = match.end()
        if start < para.end:
            sentences.append(_sentence(start, para.end, index, heading_starts))
    return tuple(sentences)


def _sentence(start: int, end: int, paragraph: int, heading_starts: list[int]) -> Sentence:
    above = bisect.bisect_right(heading_starts, start)  # headings are in text order
    return Sentence(Span(start, end), paragraph, above - 1 if above else None)


def _locator(text: str) -> Callable[[int], str]:
    """offset → 'LINE:COLUMN' (1-based), after one pass over the text however many positions are asked for."""
    starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def position(offset: int) -> str:
        line = bisect.bisect_right(starts, offset)
        return f"{line}:{offset - starts[line - 1] + 1}"

    return position


def _unsafe_characters(text: str, path: Path) -> list[str]:
    """Control characters (and U+FFFE, U+FFFF) are replaced by spaces, so that every output format can hold
    every literal and every quote still re-anchors; the first few are reported with their positions."""
    found = list(_UNSAFE.finditer(text))
    if not found:
        return []
    position = _locator(text)
    shown = ", ".join(f"U+{ord(m[0]):04X} at {position(m.start())}" for m in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    return [f"{path}: control characters replaced by spaces: {shown}{more}"]


def _lost_characters(text: str, path: Path) -> list[str]:
    position = _locator(text)
    what = {"?": "a '?'", "\ufffd": "a replacement character (U+FFFD)"}
    return [
        f"{path}:{position(match.start())}: {what[match[0]]} stands where a character was probably lost in conversion"
        for match in _LOST.finditer(text)
    ]


_MONTHS = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:(?:-|至|到)\s*(\d{1,2})\s*)?月(?!\d)")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")  # as the quantity patterns read a number


def _implausible(text: str, norm: str, path: Path) -> list[str]:
    """Impossible months and month ranges (13月, 1—17月, 7—1月: not read as periods) and numbers with more
    significant digits than a statistic can have (not read as quantities), with their positions."""
    warnings = []
    position = _locator(text)
    for match in _MONTHS.finditer(norm):
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= 12:
            shown = text[match.start() : match.end()]
            warnings.append(f"{path}:{position(match.start())}: {shown!r} is no month or month range")
    for match in _NUMBER.finditer(norm):
        digits = match[0].replace(",", "").replace(".", "").lstrip("0")
        if len(digits) > MAX_DIGITS:
            warnings.append(
                f"{path}:{position(match.start())}: a number of {len(digits)} digits is no statistic "
                f"(at most {MAX_DIGITS}): not read as a quantity"
            )
    return warnings
