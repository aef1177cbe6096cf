"""What a user installs: every subpackage, the stylesheets and the seed articles end up in the wheel.

setuptools ships only the packages pyproject.toml lists, so a new folder under tui/ that is not listed
works in the editable install the tests use and is missing from a real one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_folder_of_the_package_is_listed_in_pyproject() -> None:
    folders = sorted(init.parent for init in (REPO / "tui").rglob("__init__.py") if "__pycache__" not in init.parts)
    packages = {".".join(("cyberread", *folder.relative_to(REPO / "tui").parts)) for folder in folders}
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert packages - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert {"cyberread.styles", "cyberread.seeds"} <= listed


@pytest.mark.slow
def test_the_wheel_holds_every_module_the_styles_and_the_seeds(tmp_path: Path) -> None:
    # Built from a copy, so a stale build/ folder in the checkout cannot add files the tree no longer has.
    source = tmp_path / "source"
    for name in ("tui", "styles", "seeds"):
        shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path / "wheel"), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "wheel").glob("cyberread-*.whl")
    files = set(zipfile.ZipFile(wheel).namelist())
    modules = {"cyberread/" + path.relative_to(REPO / "tui").as_posix() for path in (REPO / "tui").rglob("*.py")}
    assert modules - files == set()
    assert "cyberread/engine/align/result.py" in files
    for folder, pattern in (("styles", "*.tcss"), ("seeds", "*.txt")):
        expected = {f"cyberread/{folder}/{path.name}" for path in (REPO / folder).glob(pattern)}
        assert expected and expected <= files
