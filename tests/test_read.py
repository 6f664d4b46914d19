"""read: strict decoding, publication dates, structure and offsets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dzkg.errors import InputError
from dzkg.normalize import fold
from dzkg.read import read_briefing

from .conftest import DEZHOU

BODY = "標題\n日期:2025-08-15\n(一)推進產業升級。1—7月完成投資10億元,同比增長5%。二是加快轉型。\n"


def write(tmp_path: Path, data: bytes, name: str = "b.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_dezhou_reads_with_meta_and_offsets() -> None:
    doc = read_briefing(DEZHOU)
    assert doc.id == "dezhou-2025-09-03"
    assert doc.published.isoformat() == "2025-09-03"
    assert doc.sha256 == "f8fad222fcdfa2b4a09f9836819e43707be6e9969295e0aa8c3f9a28276e36ae"
    assert len(doc.norm) == len(doc.text)
    levels = [h.level for h in doc.headings]
    assert levels.count(2) == 9 and levels.count(1) == 6
    for sentence in doc.sentences:
        assert doc.text[sentence.span.start : sentence.span.end].strip()
    # the lost character before (一)深度對接京津冀 is reported with its line
    assert any(":17:1:" in w for w in doc.warnings)


def test_bom_is_removed_and_offsets_count_code_points(tmp_path: Path) -> None:
    doc = read_briefing(write(tmp_path, b"\xef\xbb\xbf" + BODY.encode()))
    assert doc.text == BODY
    assert doc.published.isoformat() == "2025-08-15"
    start = doc.text.index("10億元")
    assert fold(doc.text)[start : start + 4] == "10亿元"


@pytest.mark.parametrize(
    ("codec", "named"),
    [("gbk", "GBK/GB18030"), ("big5", "BIG5"), ("gb18030", "GBK/GB18030")],
)
def test_legacy_encodings_are_refused_with_position_and_name(tmp_path: Path, codec: str, named: str) -> None:
    text = "德州市新能源發電量占全社會用電量比重達到62.8%,居全省第一位。" * 3
    if codec != "big5":
        text = "德州市新能源发电量占全社会用电量比重达到62.8%,居全省第一位。" * 3
    path = write(tmp_path, b"title\nsource 2025-01-01\n" + text.encode(codec))
    with pytest.raises(InputError) as info:
        read_briefing(path)
    message = str(info.value)
    assert str(path) in message and ":3:" in message and named in message
    suggested = re.search(r"iconv -f (\S+) -t UTF-8", message)
    assert suggested and text in path.read_bytes().decode(suggested[1]), message  # the advice converts it right


def test_utf16_and_binary_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="UTF-16"):
        read_briefing(write(tmp_path, BODY.encode("utf-16")))
    with pytest.raises(InputError, match="binary"):
        read_briefing(write(tmp_path, b"%PDF-1.7\n\x00\x01binary", "c.txt"))


@pytest.mark.parametrize("content", ["", "   \n\t\n", "\u3000\u3000\n"])
def test_empty_briefings_are_refused(tmp_path: Path, content: str) -> None:
    with pytest.raises(InputError, match="empty"):
        read_briefing(write(tmp_path, content.encode()))


def test_date_comes_from_meta_then_text_else_error(tmp_path: Path) -> None:
    path = write(tmp_path, "標題\n正文沒有日期。\n".encode())
    with pytest.raises(InputError, match="no publication date"):
        read_briefing(path)
    (tmp_path / "b.meta.json").write_text('{"id": "x", "published": "2024-12-31"}', encoding="utf-8")
    assert read_briefing(path).published.isoformat() == "2024-12-31"
    (tmp_path / "b.meta.json").write_text('{"id": "x", "published": ', encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.meta\.json:1:.*invalid JSON"):
        read_briefing(path)


def test_fold_keeps_length_and_maps_scripts_and_dashes() -> None:
    source = "１—７月生物製造產業鏈并行～ＰＭ２．５"
    folded = fold(source)
    assert len(folded) == len(source)
    assert folded == "1-7月生物制造产业链并行-PM2.5"


# ---------------------------------------------------------------------------------------------- issue 9: bad input

GBK_AS_BIG5 = "德州市推进产业发展\n新能源发电量116.8亿千瓦时,同比增长8.5%。\n" * 3
"""GBK bytes of this text also decode as Big5 without error (into nonsense): only plausibility tells them apart."""


def refused(tmp_path: Path, data: bytes, name: str = "b.txt") -> str:
    with pytest.raises(InputError) as info:
        read_briefing(write(tmp_path, data, name))
    message = str(info.value)
    assert message.startswith(str(tmp_path / name)), message
    return message


def test_gbk_bytes_that_also_decode_as_big5_are_named_gbk(tmp_path: Path) -> None:
    raw = GBK_AS_BIG5.encode("gbk")
    raw.decode("big5")  # no error: a successful decode proves nothing
    message = refused(tmp_path, raw)
    assert ":1:1:" in message and "GBK/GB18030" in message and "BIG5" not in message, message


def test_gb18030_only_characters_and_the_column_in_characters(tmp_path: Path) -> None:
    text = "標題 title\n日期:2025-08-15 德州𠀾市新能源发电量116.8亿千瓦时。" + "德州市新能源发电量增长。" * 3
    message = refused(
        tmp_path, "標題 title\n日期:2025-08-15 德州".encode() + text.split("德州", 1)[1].encode("gb18030")
    )
    assert ":2:17:" in message and "GBK/GB18030" in message, message  # column 17 counts characters, not bytes


@pytest.mark.parametrize(
    ("data", "named"),
    [
        (BODY.encode("utf-16-le"), "UTF-16LE without a byte-order mark"),
        (BODY.encode("utf-16-be"), "UTF-16BE without a byte-order mark"),
        (BODY.encode("utf-32"), "UTF-16"),  # its BOM starts as UTF-16's; either way: not UTF-8
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "Office document"),
        (b"{\\rtf1\\ansi\\ansicpg936 " + "德州".encode("gbk"), "RTF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(32), "PNG"),
        (bytes(range(256)) * 8, "binary file"),
        (("日期:2025-01-01\n" + "\x01\x02\x03\x04 abc" * 200).encode(), "too many control characters"),
    ],
    ids=["utf16le-nobom", "utf16be-nobom", "utf32", "docx", "doc", "rtf", "png", "binary", "controls"],
)
def test_other_encodings_and_binaries_are_refused_by_name(tmp_path: Path, data: bytes, named: str) -> None:
    message = refused(tmp_path, data)
    assert named in message and ":1:1:" in message, message


@pytest.mark.parametrize(("codec", "named"), [("gbk", "GBK/GB18030"), ("big5", "BIG5")])
def test_mojibake_that_decodes_as_utf8_is_refused(tmp_path: Path, codec: str, named: str) -> None:
    """GBK or Big5 bytes once read as Latin-1/cp1252 and saved again as UTF-8: valid UTF-8, implausible text."""
    text = (
        "德州市新能源發電量達到62.8%,居全省第一位。"
        if codec == "big5"
        else "德州市新能源发电量达到62.8%,居全省第一位。"
    )
    mangled = "標題\n".encode() + (text * 4).encode(codec).decode("latin-1").encode("utf-8")
    message = refused(tmp_path, mangled)
    assert "mojibake" in message and named in message and ":2:1:" in message, message


def test_latin_letters_in_a_real_briefing_are_not_mojibake(tmp_path: Path) -> None:
    body = BODY + "溫度±0.5°C,阿卜杜拉·穆罕默德,Café × 3,“引號”——破折號。\n"
    assert read_briefing(write(tmp_path, body.encode())).text == body


def test_control_characters_become_spaces_and_are_reported(tmp_path: Path) -> None:
    body = BODY.replace("推進", "推\x07進").replace("轉型", "轉\x1b型\ufffe") + "德州\x01市\x7f。\n"
    doc = read_briefing(write(tmp_path, body.encode()))
    assert len(doc.text) == len(body) and "\x07" not in doc.text and "\ufffe" not in doc.text
    assert doc.text == body.translate({0x07: " ", 0x1B: " ", 0xFFFE: " ", 0x01: " ", 0x7F: " "})
    (warning,) = [w for w in doc.warnings if "control characters" in w]
    assert "U+0007 at 3:5" in warning and "U+0001 at 4:3" in warning, warning


def test_lost_characters_and_impossible_months_are_warnings_with_positions(tmp_path: Path) -> None:
    line = "德州?市完成投資10億元,\ufffd1—17月增長5%,7—1月增長3%,13月增長1%。"
    doc = read_briefing(write(tmp_path, f"標題\n日期:2025-08-15\n{line}\n".encode()))
    path = tmp_path / "b.txt"

    def at(needle: str) -> str:
        return f"{path}:3:{line.index(needle) + 1}: "

    assert any(w.startswith(at("?") + "a '?'") for w in doc.warnings), doc.warnings
    assert any(w.startswith(at("\ufffd") + "a replacement character") for w in doc.warnings), doc.warnings
    for months in ("1—17月", "7—1月", "13月"):
        assert any(w.startswith(at(months) + f"{months!r} is no month") for w in doc.warnings), (months, doc.warnings)


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("[1, 2]", "must hold a JSON object"),
        ('{"名稱": "x"}', "no known key"),
        ('{"published": "2025-13-01"}', "not an ISO date"),
        ('{"published": "2025-01-01"', "invalid JSON"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
    ],
    ids=["not-an-object", "no-known-key", "bad-date", "truncated", "utf16"],
)
def test_bad_meta_files_are_refused_by_name(tmp_path: Path, meta: str | bytes, reason: str) -> None:
    path = write(tmp_path, BODY.encode())
    (tmp_path / "b.meta.json").write_bytes(meta if isinstance(meta, bytes) else meta.encode())
    with pytest.raises(InputError, match=reason) as info:
        read_briefing(path)
    assert str(info.value).startswith(str(tmp_path / "b.meta.json"))


def test_an_impossible_date_line_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"b\.txt:2: the 日期 line holds an impossible date"):
        read_briefing(write(tmp_path, "標題\n日期:2025-02-30\n正文。\n".encode()))
