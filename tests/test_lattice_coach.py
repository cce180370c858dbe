"""Coaches: each assigned organization's published lattice, comparable positions' pay
against the region's peer pay, and the CSV exports of positions and offerings."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from assessment.extensions import db
from assessment.lattice import operations
from assessment.lattice.cohort import pay_groups
from assessment.lattice.document import Lattice, Pay
from assessment.lattice.starters import add_starter, library
from assessment.organizations.models import Organization
from assessment.peer_pay import peer_pay
from tests.conftest import csrf_token
from tests.lattice_helpers import key_of, published_lattice, text


def with_pay(document: Lattice, title: str, pay: Pay) -> Lattice:
    from dataclasses import replace
    return document.with_position(replace(document.position(key_of(document, title)), pay=pay))


def peer_support(pay: Pay | None = None) -> Lattice:
    document = add_starter(Lattice(), library().starters["peer-support"])
    return with_pay(document, "Peer support specialist", pay) if pay else document


def test_comparable_positions_line_up_by_track_and_step_against_the_region():
    region = peer_pay().for_region(9)
    low = Pay("hour", region.total - 5, region.total - 1)
    yearly = Pay("year", Decimal(60000), Decimal(70000))  # about $28.85 to $33.65 an hour
    groups = pay_groups([("Low pay", 9, peer_support(low)), ("Yearly", 9, peer_support(yearly)),
                         ("No region", None, peer_support(low))], peer_pay(), "en")
    specialist = next(g for g in groups if g.step == 2)
    assert specialist.track == "Peer support"
    rows = {row.organization: row for row in specialist.rows}
    assert rows["Low pay"].below_region is True
    assert rows["Yearly"].pay.hourly_high == Decimal("33.65")
    assert rows["No region"].below_region is None
    assert rows["Low pay"].below_men is (low.high < region.male)
    assert rows["Low pay"].below_women is (low.high < region.female)


def test_a_coach_sees_assigned_lattices_and_who_pays_below_the_region(
        app, make_organization, make_user, logged_in):
    mine, other = make_organization("Mine"), make_organization("Not mine")
    with app.app_context():
        db.session.get(Organization, mine.id).hhs_region = 9
        db.session.commit()
        lattice = operations.lattice_for(db.session.get(Organization, mine.id))
        total = peer_pay().for_region(9).total
        operations.save_draft(lattice, peer_support(Pay("hour", total - 4, total - 2)))
        operations.publish(lattice, None)
    published_lattice(app, other.id)
    client = logged_in(make_user("coach", coaches=[mine]))
    page = text(client.get("/coach/lattices/"))
    assert "Mine" in page and "Not mine" not in page
    assert "Below the region" in page and "Region 9" in page
    assert "Below men's median" in page and "Below women's median" not in page


def test_the_coach_exports_gain_positions_and_offerings(app, make_organization, make_user,
                                                        logged_in):
    organization = make_organization("Harbor")
    published_lattice(app, organization.id)
    client = logged_in(make_user("coach", coaches=[organization]))
    positions = list(csv.reader(io.StringIO(
        client.get("/coach/export/lattice-positions.csv").data.decode("utf-8-sig"))))
    assert positions[0][:3] == ["Organization", "HHS region", "Published"]
    assert [row[5] for row in positions[1:]] == [
        "Peer support trainee", "Peer support specialist", "Senior peer support specialist",
        "Peer support supervisor"]
    offerings = list(csv.reader(io.StringIO(
        client.get("/coach/export/lattice-offerings.csv").data.decode("utf-8-sig"))))
    assert len(offerings) == 5 and offerings[1][2].startswith("80-hour")
    assert offerings[1][3] == "Training"           # named as the pages name it, not "training"
    assert set(row[9] for row in positions[1:]) <= {"Full-time", "Part-time", "Flexible hours"}


def test_a_spanish_coach_reads_the_lattice_export_in_spanish(app, make_organization, make_user,
                                                            logged_in):
    organization = make_organization("Harbor")
    published_lattice(app, organization.id)
    client = logged_in(make_user("coach", coaches=[organization]))
    client.post("/language", data={"lang": "es", "next": "/", "csrf_token": csrf_token(client)})
    offerings = list(csv.reader(io.StringIO(
        client.get("/coach/export/lattice-offerings.csv").data.decode("utf-8-sig"))))
    assert offerings[1][3] == "Capacitación"
    assert "en es" not in {row[7] for row in offerings[1:]}


def test_a_lead_cannot_open_the_coach_lattice_page(make_organization, make_user, logged_in):
    client = logged_in(make_user("lead", make_organization()))
    assert client.get("/coach/lattices/").status_code == 403


def test_the_lattice_page_shows_fifty_organizations_a_page_with_their_positions(
        app, make_organization, make_user, logged_in):
    """500 organizations' positions are thousands of rows: the page shows 50 organizations
    (by name, as the cohort) and compares the positions of those; the export has all."""
    organizations = [make_organization(f"Organization {n:02}") for n in range(1, 53)]
    for organization in (organizations[0], organizations[49], organizations[51]):
        published_lattice(app, organization.id)
    client = logged_in(make_user("coach", coaches=organizations))
    first = text(client.get("/coach/lattices/"))
    assert "Showing 1-50 of 52 organizations." in first
    assert "Organization 50" in first and "Organization 51" not in first
    specialists = first.split("Step 2")[1].split("</table>")[0]
    assert "Organization 01" in specialists and "Organization 50" in specialists
    assert "Organization 52" not in specialists
    assert 'href="/coach/lattices/?page=2"' in first and "lattice-positions.csv" in first
    second = text(client.get("/coach/lattices/?page=2"))
    assert "Showing 51-52 of 52 organizations." in second and "Organization 01" not in second
    specialists = second.split("Step 2")[1].split("</table>")[0]
    assert "Organization 52" in specialists and "Organization 50" not in specialists
    positions = client.get("/coach/export/lattice-positions.csv").data.decode("utf-8-sig")
    assert all(f"Organization {n}" in positions for n in ("01", "50", "52"))
