"""Bad input never crashes: `greentrack read` prints exactly one `Error:` line on stderr naming the
file and the reason, exits non-zero, and never shows a traceback."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest


def run_read(path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "greentrack.cli", "read", str(path)], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def assert_one_error(result: subprocess.CompletedProcess[str], path: Path, *reason: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Error: ")
    assert str(path) in line
    for part in reason:
        assert part in line
    assert result.stdout == ""
    return line


@pytest.fixture(scope="module")
def noise() -> bytes:
    return random.Random(20240422).randbytes(8192)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_one_error(run_read(path), path, "empty")


def test_random_bytes_txt(tmp_path: Path, noise: bytes) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(noise)
    assert_one_error(run_read(path), path, "not text", "binary")


def test_binary_control_characters_txt(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 9)) * 500)
    assert_one_error(run_read(path), path, "binary data")


def test_random_bytes_pdf(tmp_path: Path, noise: bytes) -> None:
    path = tmp_path / "noise.pdf"
    path.write_bytes(noise)
    assert_one_error(run_read(path), path, "not a PDF")


def test_garbage_between_pdf_markers(tmp_path: Path, noise: bytes) -> None:
    path = tmp_path / "garbled.pdf"
    path.write_bytes(b"%PDF-1.7\n" + noise + b"\n%%EOF\n")
    assert_one_error(run_read(path), path, "damaged PDF")


def test_truncated_docx(tmp_path: Path, seed_formats: dict[str, dict[str, Path]]) -> None:
    data = next(iter(seed_formats.values()))["docx"].read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_one_error(run_read(path), path, "not a valid .docx", "truncated")


def test_truncated_pdf(tmp_path: Path, seed_formats: dict[str, dict[str, Path]]) -> None:
    data = next(iter(seed_formats.values()))["pdf"].read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert_one_error(run_read(path), path, "truncated")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    for number in range(2):
        page.setFillGray(0.3 + 0.2 * number)
        page.rect(60, 400, 300, 200, fill=1)  # a page image stand-in: shapes only, no text
        page.circle(300, 700, 40, fill=1)
        page.showPage()
    page.save()
    assert_one_error(run_read(path), path, "no text layer", "scan", "OCR")


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "plan.xls"
    path.write_text("指标 2025年", encoding="utf-8")
    assert_one_error(run_read(path), path, "unknown file type '.xls'", ".docx")


def test_over_the_size_limit(tmp_path: Path, seed_paths: list[Path]) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(seed_paths[0].read_bytes())
    line = assert_one_error(run_read(path, {"GREENTRACK_MAX_FILE_MB": "0.001"}), path, "0.001 MB limit")
    assert "GREENTRACK_MAX_FILE_MB" in line and "max_file_mb" in line


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.pdf"
    assert_one_error(run_read(path), path, "no such file")


def test_a_good_file_still_reads(seed_formats: dict[str, dict[str, Path]]) -> None:
    result = subprocess.run([sys.executable, "-m", "greentrack.cli", "read", "--emit-text",
                             str(next(iter(seed_formats.values()))["pdf"])], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "绿色" in result.stdout
