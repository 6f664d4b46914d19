"""read: strict decoding, publication dates, structure and offsets."""

from __future__ import annotations

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
