"""thidua as an office gets it: built as a wheel, installed in a fresh virtual environment outside the
repository, then a whole year's first steps with the installed `thidua` command: init, templates, a filled
return, run, the portal serving and building a report, a backup, the state lost, the restore.

The fresh environment gets its third-party libraries through a .pth line to this test environment's own
(installing pandas and the rest again would add a minute for nothing this test looks at); thidua itself
comes from the wheel alone, which the test checks, so every file the package needs at run time (templates,
Word and wording assets, migrations) must be in the wheel."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import clerk
import pytest
import requests
import yaml
from conftest import ROOT, served

from thidua.state.access import OFFICE_USERNAME
from thidua.state.store import open_store

ENV = {**os.environ, "THIDUA_TODAY": "2023-08-25", "PYTHONIOENCODING": "utf-8"}
PASSWORD = "mat-khau-van-phong-2023"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with thidua installed from its wheel."""
    work = tmp_path_factory.mktemp("ban-cai")
    built = subprocess.run(["make", "-s", "dist", f"DIST={work / 'dist'}"], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr  # the README's `make dist`, as a release is made
    wheel = next((work / "dist").glob("thidua-*.whl"))
    assert next((work / "dist").glob("thidua-*.tar.gz"))  # and the source archive beside it
    venv.create(work / "venv", with_pip=False)
    bin_dir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "thu-vien-dung-chung.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)]
    subprocess.run(pip, check=True, capture_output=True)
    where = subprocess.run(  # from outside the checkout, as an office runs it
        [str(python), "-c", "import thidua; print(thidua.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert where.stdout.strip().startswith(site), where.stdout  # thidua from the wheel, not from this checkout
    return bin_dir


def thidua(installed: Path, *args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(installed / "thidua"), *args], cwd=cwd, env=ENV, input=stdin, capture_output=True, text=True, timeout=300
    )
    assert done.returncode in (0, 1), f"thidua {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def test_an_office_installs_runs_serves_backs_up_and_restores(installed, tmp_path) -> None:
    home = tmp_path / "van-phong"
    home.mkdir()
    said = thidua(installed, "init", "D-ThiDua", cwd=home).stdout
    assert "Việc tiếp theo" in said
    folder = home / "D-ThiDua"  # from here on, the office works in its folder: the defaults are its files
    thidua(installed, "templates", "--period", "2023-07", cwd=folder)
    template = next((folder / "outputs").rglob("*HND*.xlsx"))
    clerk.fill(template, {"NTM_DAT_HIEN": 300, "NTM_NGAY_CONG": 120, "GN_HO_GIUP": 12})
    shutil.copy(template, folder / "inputs" / "bc thang 7 HND.xlsx")
    thidua(installed, "run", "--period", "2023-07", "--kind", "thang", cwd=folder)
    assert (folder / "outputs" / "thang-2023-07" / "bao-cao.docx").is_file()
    thidua(installed, "chair-password", cwd=folder, stdin=PASSWORD + "\n")
    link = re.search(r"^HND\s+\S+/u/(\S+)", thidua(installed, "links", cwd=folder).stdout, re.M)[1]
    config, inputs, outputs = folder / "config.yaml", folder / "inputs", folder / "outputs"
    with served(config, inputs, outputs, command=[str(installed / "thidua")]) as base, requests.Session() as office:
        url = f"{base}/chu-tri/dang-nhap"
        form = re.search(r'name="csrf_token" value="([^"]+)"', office.get(url).text)[1]
        office.post(url, data={"csrf_token": form, "mat_khau": PASSWORD})
        form = re.search(r'name="csrf_token" value="([^"]+)"', office.get(f"{base}/chu-tri/lap-bao-cao").text)[1]
        built = office.post(f"{base}/chu-tri/lap-bao-cao", data={"csrf_token": form, "ky": "2023-07", "loai": "thang"})
        assert "Đã lập báo cáo" in built.text, built.text[-2000:]
        report = office.get(base + re.search(r'href="([^"]+/bao-cao.docx)"', built.text)[1])
        assert report.status_code == 200 and report.content[:2] == b"PK"
    thidua(installed, "backup", "--to", str(home / "sao-luu.zip"), cwd=folder)
    state = folder / yaml.safe_load(config.read_text(encoding="utf-8")).get("portal", {}).get("state", "portal-data")
    shutil.rmtree(state)  # the disk of the portal's state is lost, and a return with it
    (inputs / "bc thang 7 HND.xlsx").unlink()
    thidua(installed, "restore", str(home / "sao-luu.zip"), "--yes", cwd=folder)
    restored = open_store(state / "portal.sqlite3")
    assert restored.unit_for_token(link) == "HND" and restored.check_password(OFFICE_USERNAME, PASSWORD)
    assert {"build", "backup", "restore", "login"} <= {r["action"] for r in restored.ledger()}
    assert (inputs / "bc thang 7 HND.xlsx").read_bytes() == template.read_bytes()
    restored.engine.dispose()


def test_the_installed_command_says_its_version_and_ships_its_licence(installed) -> None:
    import tomllib
    import zipfile

    release = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    done = subprocess.run([str(installed / "thidua"), "--version"], capture_output=True, text=True, env=ENV)
    assert (done.returncode, done.stdout.strip()) == (0, f"thidua {release}")
    wheel = next((installed.parents[1] / "dist").glob("thidua-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        licence = next(n for n in archive.namelist() if n.endswith("LICENSE"))
        assert "MIT License" in archive.read(licence).decode()
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Requires-Dist: werkzeug" in metadata
