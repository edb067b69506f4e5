"""An installed wheel runs ``rallye demo``: the demo's data are package data, read through
``importlib.resources``, and nothing it needs lives in the source tree (``examples/``,
``benchmarks/``).

The wheel is built from this checkout and installed without its dependencies into a fresh
virtual environment, away from the checkout; the dependencies come from the environment
running the tests (a ``.pth`` file), so that nothing is downloaded. Takes about half a minute."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

from rallye.demo_season import DEMO_DATA

ROOT = Path(__file__).resolve().parents[1]


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` directory of a fresh environment where only the wheel of rallye is installed."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the wheel (it builds the project everywhere else too)")
    where = tmp_path_factory.mktemp("wheel")
    built = _run([uv, "build", "--offline", "--wheel", "--out-dir", str(where / "dist"), str(ROOT)], where)
    assert built.returncode == 0, built.stderr
    (wheel,) = (where / "dist").glob("rallye-*.whl")
    venv.create(where / "env", with_pip=False)
    python = where / "env" / "bin" / "python"
    added = _run([uv, "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)], where)
    assert added.returncode == 0, added.stderr
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], where)
    Path(purelib.stdout.strip(), "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python.parent


def _clean_env(data: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "DJANGO", "VIRTUAL_ENV", "RALLYE")) and k != "DATABASE_URL"
    }  # the demo on its embedded default (SQLite in its data folder), whatever the suite runs on
    return env | {"RALLYE_DATA_DIR": str(data)}


def test_the_installed_package_is_the_wheel(installed: Path, tmp_path: Path) -> None:
    where = _run(
        [str(installed / "python"), "-c", "import rallye; print(rallye.__file__)"], tmp_path, _clean_env(tmp_path)
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed.parent)
    missing = _run([str(installed / "python"), "-c", "import benchmarks.generator"], tmp_path, _clean_env(tmp_path))
    assert missing.returncode != 0


def test_an_installed_wheel_runs_the_demo(installed: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    demo = _run([str(installed / "rallye"), "demo", "--no-serve", "--no-browser"], tmp_path, _clean_env(data))
    assert demo.returncode == 0, demo.stderr
    assert "coordination@mife74.demo" in demo.stdout and "evaluation@ansa.demo" in demo.stdout
    assert list(data.iterdir())  # the demo database was written to the data directory


@pytest.mark.parametrize("example", ["annecy-2027", "voiron-2027"])
def test_the_demo_examples_are_the_checkout_examples(example: str) -> None:
    for kind in ("rally", "plan"):
        packaged = json.loads(DEMO_DATA.joinpath(f"{example}.{kind}.json").read_text(encoding="utf-8"))
        assert packaged == json.loads((ROOT / "examples" / example / f"{kind}.json").read_text(encoding="utf-8"))
