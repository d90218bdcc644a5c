"""Loading labelled files: every bad input is one clear error naming file and row."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from training.data import DataError, load_file


def write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_reads_csv_with_binary_labels(tmp_path) -> None:
    path = write(tmp_path, "a.csv", "headline,clickbait\nYou won't believe it,1\nBank raises rates,0\n")
    data = load_file(path)
    assert data.texts == ["You won't believe it", "Bank raises rates"]
    assert data.labels.tolist() == [1.0, 0.0]
    assert not data.graded
    assert data.files[str(path)]["rows"] == 2
    assert len(data.files[str(path)]["sha256"]) == 64


def test_reads_jsonl_gz_with_graded_labels_and_bodies(tmp_path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"t": "A", "y": 0.33, "b": "body a"}\n\n{"t": "B", "y": 1, "b": "body b"}\n')
    data = load_file(path, text_col="t", label_col="y", body_col="b")
    assert data.graded
    np.testing.assert_allclose(data.labels, [0.33, 1.0])
    assert data.bodies == ["body a", "body b"]


def test_split_filter(tmp_path) -> None:
    path = write(tmp_path, "s.csv", "headline,clickbait,split\nA,1,train\nB,0,test\nC,0,train\n")
    data = load_file(path, split_col="split", splits=("train",))
    assert data.texts == ["A", "C"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "file not found"),
        ("cols.csv", "title,label\nA,1\n", r"row 2: missing column\(s\) headline, clickbait"),
        ("empty.csv", "", "no labelled rows"),
        ("range.csv", "headline,clickbait\nA,1\nB,2\n", "row 3: label 2.0 is out of range"),
        ("nan.csv", "headline,clickbait\nA,yes\n", "row 2: label 'yes' is not a number"),
        ("null.jsonl", '{"headline": "A", "clickbait": null}\n', "row 1: label None is not a number"),
        ("listlabel.jsonl", '{"headline": "A", "clickbait": [1]}\n', r"row 1: label \[1\] is not a number"),
        ("blank.csv", "headline,clickbait\n ,1\n", "row 2: empty text"),
        ("bytes.csv", b"headline,clickbait\n\xff\xfe,1\n", "not UTF-8"),
        ("bad.jsonl", '{"headline": "A", "clickbait": 1}\n{oops\n', "row 2: invalid JSON"),
        ("list.jsonl", "[1, 2]\n", "row 1: each line must be a JSON object"),
    ],
)
def test_bad_files_name_file_and_row(tmp_path, name: str, content, message: str) -> None:
    path = tmp_path / name if content is None else write(tmp_path, name, content)
    with pytest.raises(DataError, match=message) as info:
        load_file(path)
    assert name in str(info.value)
