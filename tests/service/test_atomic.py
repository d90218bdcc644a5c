"""service.atomic.atomic_write: whole files only, with the mode a plain open() would give."""

from __future__ import annotations

import stat

import pytest

from service.atomic import atomic_write, current_umask


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("mode", ["w", "wb", "w+b"])
def test_a_written_file_gets_the_mode_open_would_give(
    tmp_path, umask, mask: int, expected: int, mode: str
) -> None:
    umask(mask)
    assert current_umask() == mask
    target = tmp_path / "out" / "file"
    with atomic_write(target, mode, encoding=None if "b" in mode else "utf-8") as handle:
        handle.write(b"data" if "b" in mode else "data")
    plain = tmp_path / "plain"
    plain.write_text("x")
    assert _mode(target) == expected == _mode(plain)
    assert target.read_bytes() == b"data"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("disk on fire")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_text_is_written_with_newlines_as_given(tmp_path) -> None:
    target = tmp_path / "rows.csv"
    with atomic_write(target) as handle:
        handle.write("a,b\r\nc,d\n")
    assert target.read_bytes() == b"a,b\r\nc,d\n"


def test_what_was_written_can_be_read_back_before_the_rename(tmp_path) -> None:
    target = tmp_path / "model.bin"
    with atomic_write(target, "w+b", encoding=None) as handle:
        handle.write(b"abc")
        handle.seek(0)
        assert handle.read() == b"abc"
        assert not target.exists()
    assert target.read_bytes() == b"abc"
