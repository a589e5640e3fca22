"""The demo plan's worksheet as LibreOffice prints it: every sheet to PDF with soffice headless,
page 1 to PNG under test-artifacts/ so a reviewer can look at the pages (not kept in git).

LibreOffice (libreoffice-calc-nogui) and poppler-utils are installed by scripts/test: a missing
tool fails the test, never skips it."""

import datetime
import re
import shutil
import subprocess
import time

import pytest

from planner.demo import load_demo_plan
from planner.exports.sheets import ExportOptions, build_sheets, gather
from planner.exports.worksheet import export_xlsx
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.django_db, pytest.mark.render]

TODAY = datetime.date(2026, 3, 2)
# The issue quotes 41 pages for the demo before the page setup (landscape, fit to width, header
# rows repeated); without it the demo now prints on 46 portrait pages, with it on 10 landscape
# ones (LibreOffice 7.4). The bound leaves room for the demo to grow.
OLD_PAGE_COUNT = 41
CONVERT_TIMEOUT = 240  # seconds: a cold LibreOffice profile takes a while on a busy machine


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    assert path, f"the worksheet rendering test needs {name} (apt-get install {package})"
    return path


def _run(*args, timeout=60) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=timeout).stdout


@pytest.fixture
def rendered(tmp_path):
    """The demo plan's XLSX converted to PDF; returns (plan, pdf path)."""
    soffice = _tool("soffice", "libreoffice-calc-nogui")
    plan = load_demo_plan(today=TODAY).plan
    xlsx = tmp_path / "worksheet.xlsx"
    xlsx.write_bytes(export_xlsx(plan))
    # A private profile, so parallel runs (and a desktop LibreOffice) do not share a lock.
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    started = time.monotonic()
    _run(soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(xlsx), timeout=CONVERT_TIMEOUT)  # fmt: skip
    print(f"soffice converted the demo worksheet in {time.monotonic() - started:.1f} s")
    return plan, tmp_path / "worksheet.pdf"


def test_the_demo_worksheet_prints_landscape_on_fewer_pages_with_every_sheet(rendered):
    plan, pdf = rendered
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")

    info = _run(_tool("pdfinfo", "poppler-utils"), str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    print(f"the demo worksheet prints on {pages} pages of {width:.0f} x {height:.0f} pt")
    assert width > height, "the worksheet's pages are landscape"
    sheets = build_sheets(gather(plan), ExportOptions())
    assert len(sheets) <= pages < OLD_PAGE_COUNT

    # A wrapped title's lines come out between the other cells' lines, so compare word by word:
    # every word of every column title of every sheet is printed (fit to width cuts none off).
    printed = set(_run(_tool("pdftotext", "poppler-utils"), str(pdf), "-").split())
    missing = [
        (sheet.title, column.title)
        for sheet in sheets
        for column in sheet.columns
        if not set(column.title.split()) <= printed
    ]
    assert missing == []

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, ARTIFACTS / "worksheet-demo.pdf")
    prefix = ARTIFACTS / "worksheet-demo-page"
    _run(_tool("pdftoppm", "poppler-utils"), "-png", "-r", "60", "-f", "1", "-l", "1",
         "-singlefile", str(pdf), str(prefix))  # fmt: skip
    png = prefix.with_suffix(".png")
    assert png.read_bytes().startswith(b"\x89PNG")
