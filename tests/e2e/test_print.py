"""The print view is the sign-off document: status first, then the pictures, then the worksheet,
printed by Chromium on A4 and Letter without a cut column."""

import re
import shutil
import subprocess

import pytest

from planner.exports.sheets import ExportOptions, build_sheets, gather
from tests.e2e.conftest import ARTIFACTS
from tests.factories import MembershipFactory, UseCaseAnswerFactory, UserFactory
from tests.planner.document.plans import full_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The printable width of a landscape page with the print CSS's 10 mm margins, in CSS pixels.
PRINTABLE_PX = {"A4": (297 - 20) / 25.4 * 96, "Letter": (11 - 20 / 25.4) * 96}


@pytest.fixture
def printed(page, login):
    plan = full_plan(name="ALM to Jira defects")
    connection = plan.connections.get()
    UseCaseAnswerFactory(connection=connection, question="rollout-cadence",
                         text="Every five minutes in office hours.",
                         data={"every": 5, "unit": "minutes"})  # fmt: skip
    UseCaseAnswerFactory(connection=connection, question="existing-items", text="",
                         data={"confirmed": True})  # fmt: skip
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="reviewer")
    login(user)
    page.goto(f"/plans/{plan.pk}/print/")
    return plan


def test_the_print_view_opens_with_the_status_then_the_pictures_then_the_worksheet(page, printed):
    text = page.inner_text("body")

    status = text.index("Content SHA-256")
    picture = page.locator(".print-pictures figure.connection-picture")
    assert picture.count() == 1
    overview = text.index("Section\tName\tValue\tDetail")  # the worksheet's first table
    assert text.index("Validation") < text.index("ALM/QC ↔ Jira") < overview
    assert status < text.index("Validation")
    assert "not validated" in text or "validated at revision" in text
    # Structured answers read as sentences, never as raw JSON.
    assert "Synchronize every 5 minutes." in text and "Confirmed." in text
    assert not re.search(r"\{\s*\"", text), "raw JSON on the print view"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_column_fits_the_printed_page(page, printed, paper):
    page.emulate_media(media="print")
    page.set_viewport_size({"width": int(PRINTABLE_PX[paper]), "height": 800})

    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('table.print-grid')]
            .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(t => t.closest('section').querySelector('h2').textContent)"""
    )
    assert overflowing == []

    pdf = page.pdf(format=paper, prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"plan-print-{paper}.pdf"
    path.write_bytes(pdf)
    # pdftotext comes with poppler-utils, which scripts/test installs: never a silent skip.
    assert shutil.which("pdftotext"), (
        "the print test needs pdftotext (apt-get install poppler-utils)"
    )
    words = re.sub(r"\s+", "", subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout)  # fmt: skip
    for sheet in build_sheets(gather(printed), ExportOptions()):
        last = sheet.columns[-1].title
        assert re.sub(r"\s+", "", last) in words, (sheet.title, last)
