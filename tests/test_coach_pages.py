"""The coach's lists at scale: 50 organizations a page, sorted and filtered across all of
them; exports sent as they are read, byte for byte what they were."""
import csv
import html
import io
import re
from datetime import date

import pytest

from assessment.auth.models import User
from assessment.coaching.export import csv_chunks, to_csv
from assessment.coaching.portfolio import page_of
from assessment.extensions import db
from assessment.organizations.models import Organization
from tests.conftest import log_in
from tests.test_coaching import rated, rows_of


def names_of(page: str) -> list[str]:
    """The organizations a dashboard or cohort page lists, in order."""
    return [html.unescape(name) for name in re.findall(
        r'<th scope="row"><a href="/organizations/\d+">([^<]+)</a>', page)]


def links_of(page: str) -> list[str]:
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S)
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', nav.group(0))]


@pytest.fixture
def big_cohort(app, make_user):
    """60 Alpha and 60 Beta organizations, unassessed, and 3 Zeta ones rated 1, 2 and 3:
    names that sort last, levels that sort first."""
    with app.app_context():
        organizations = ([Organization(name=f"Alpha {n:03}") for n in range(1, 61)]
                         + [Organization(name=f"Beta {n:03}") for n in range(1, 61)]
                         + [Organization(name=f"Zeta {n}") for n in (1, 2, 3)])
        db.session.add_all(organizations)
        db.session.commit()
        ids = [o.id for o in organizations]
    coach = make_user("coach")
    with app.app_context():
        user = db.session.get(User, coach.id)
        user.coached_organizations.extend(db.session.get(Organization, org_id) for org_id in ids)
        db.session.commit()
    for level, org_id in zip((1, 2, 3), ids[-3:]):
        rated(app, org_id, "2026", [level] * 7, date(2026, 1, 10))
    return {"coach": coach, "ids": ids}


def test_page_two_of_a_filtered_list_sorted_by_name_shows_the_next_organizations(
        client, big_cohort):
    log_in(client, big_cohort["coach"])
    first = client.get("/coach/?q=alpha&sort=name&dir=desc").get_data(as_text=True)
    assert names_of(first) == [f"Alpha {n:03}" for n in range(60, 10, -1)]
    assert "Showing 1-50 of 60 organizations (123 in all)." in first
    second_link = next(link for link in links_of(first) if "page=2" in link)
    for kept in ("q=alpha", "sort=name", "dir=desc"):
        assert kept in second_link
    second = client.get(second_link).get_data(as_text=True)
    assert names_of(second) == [f"Alpha {n:03}" for n in range(10, 0, -1)]
    assert "Showing 51-60 of 60 organizations (123 in all)." in second
    assert all("q=alpha" in link and "dir=desc" in link for link in links_of(second))


def test_a_sort_orders_every_organization_before_the_page_is_cut(client, big_cohort):
    log_in(client, big_cohort["coach"])
    page = client.get("/coach/?sort=level&dir=desc").get_data(as_text=True)
    # Rated organizations sort first although their names sort last of all.
    assert names_of(page)[:3] == ["Zeta 3", "Zeta 2", "Zeta 1"]
    assert names_of(page)[3:5] == ["Alpha 001", "Alpha 002"]
    last = client.get("/coach/?sort=level&dir=desc&page=3").get_data(as_text=True)
    assert names_of(last) == [f"Beta {n:03}" for n in range(38, 61)]


def test_a_needs_attention_filter_counts_every_organization(client, big_cohort):
    log_in(client, big_cohort["coach"])
    page = client.get("/coach/?need=level_1").get_data(as_text=True)
    assert names_of(page) == ["Zeta 1"]
    assert "Showing 1 of 123 organizations." in page
    assert "Practices at level 1: 1, 2, 3, 4, 5, 6, 7" in rows_of(page)[1]
    unassessed = client.get("/coach/?need=no_cycle&page=3").get_data(as_text=True)
    assert "Showing 101-120 of 120 organizations (123 in all)." in unassessed


def test_the_page_links_say_which_page_is_shown(client, big_cohort):
    log_in(client, big_cohort["coach"])
    page = client.get("/coach/?page=2").get_data(as_text=True)
    nav = re.search(r'<nav class="pagination" aria-label="Pages">.*?</nav>', page, re.S).group(0)
    assert re.search(r'href="[^"]*page=2[^"]*" aria-current="page">2', nav)
    assert ">Previous</a>" in nav and ">Next</a>" in nav
    assert "page=1" in nav and "page=3" in nav
    assert "q=" not in nav and "level=" not in nav and "need=" not in nav  # no empty filters


def test_a_page_past_the_end_shows_the_last_page_and_a_bad_one_the_first(client, big_cohort):
    log_in(client, big_cohort["coach"])
    past = client.get("/coach/?page=99")
    assert past.status_code == 200
    assert names_of(past.get_data(as_text=True)) == (
        [f"Beta {n:03}" for n in range(41, 61)] + ["Zeta 1", "Zeta 2", "Zeta 3"])
    for wrong in ("0", "-1", "two", "²"):
        page = client.get(f"/coach/?page={wrong}").get_data(as_text=True)
        assert names_of(page)[0] == "Alpha 001"


def test_the_cohort_pages_by_name_and_its_totals_cover_every_organization(client, big_cohort):
    log_in(client, big_cohort["coach"])
    first = client.get("/coach/cohort").get_data(as_text=True)
    assert names_of(first) == [f"Alpha {n:03}" for n in range(1, 51)]
    assert "Showing 1-50 of 123 organizations." in first
    assert "These figures count all 123 organizations, not only this page." in first
    # Zeta 1-3 (levels 1, 2, 3) are on page 3 only, yet the totals count them on page 1;
    # the other 120 have no self-assessment yet.
    practice_row = next(r for r in rows_of(first) if r.startswith("1. "))
    assert practice_row.split()[-5:] == ["1", "1", "1", "0", "120"]
    third = client.get("/coach/cohort?page=3").get_data(as_text=True)
    assert names_of(third) == [f"Beta {n:03}" for n in range(41, 61)] + [
        "Zeta 1", "Zeta 2", "Zeta 3"]
    zeta = next(r for r in re.findall(r"<tr>(.*?)</tr>", third, re.S) if "Zeta 2" in r)
    assert zeta.count('class="level-2"') == 7


def test_a_short_list_has_no_page_links(client, big_cohort):
    log_in(client, big_cohort["coach"])
    page = client.get("/coach/?q=zeta").get_data(as_text=True)
    assert "pagination" not in page and "Showing 3 of 123 organizations." in page


def test_pages_are_counted_from_one_and_cut_fifty_at_a_time():
    assert (page_of(0, None).number, page_of(0, None).count, page_of(0, None).first) == (1, 1, 0)
    page = page_of(123, 3)
    assert (page.first, page.last, page.cut(list(range(123)))) == (101, 123, list(range(100, 123)))
    assert page_of(123, 7).number == 3 and page_of(123, 0).number == 1
    assert page_of(5000, 50).numbers() == [1, None, 48, 49, 50, 51, 52, None, 100]


def test_csv_sent_in_chunks_is_byte_for_byte_one_file():
    """The chunks make one file: a byte-order mark once, the header once, every row once
    in order, formulas neutralised, as a spreadsheet program reads it."""
    header = ["Organización", "=Nivel"]
    rows = [[f"Año {n}", "=cmd" if n % 7 == 0 else n, None] for n in range(1, 451)]
    chunks = list(csv_chunks(header, iter(rows), rows_per_chunk=200))
    assert len(chunks) == 4  # the header, then 200 + 200 + 50 rows
    whole = b"".join(chunks)
    assert whole == to_csv(header, rows)
    expected = "\ufeffOrganización,'=Nivel\r\n" + "".join(
        f"Año {n},{chr(39) + '=cmd' if n % 7 == 0 else n},\r\n" for n in range(1, 451))
    assert whole == expected.encode("utf-8")
    assert b"".join(csv_chunks(header, iter([]))) == "\ufeffOrganización,'=Nivel\r\n".encode()


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def mixed_names(app, make_organization, make_user, big_cohort):
    """Names whose code-point order differs from a dictionary's: lower case after upper,
    accents after z. The export sorts them as Python does, on every database."""
    extra = [make_organization(name) for name in ("beta lowercase", "Ábaco", "alpha lower")]
    with app.app_context():
        coach = db.session.get(User, big_cohort["coach"].id)
        coach.coached_organizations.extend(db.session.get(Organization, o.id) for o in extra)
        db.session.commit()
    for organization in extra:
        rated(app, organization.id, "2025", [2] * 7, date(2025, 3, 1), plan=True, overdue=1)
        rated(app, organization.id, "2024", [1] * 7, date(2024, 3, 1), plan=True)
    return big_cohort


def test_streamed_exports_keep_the_order_python_sorts_them_in(client, mixed_names):
    log_in(client, mixed_names["coach"])
    response = client.get("/coach/export/cycle-results.csv")
    assert response.is_streamed
    rows = csv_rows(response.data)[1:]
    assert rows == sorted(rows, key=lambda row: (row[0], row[2], row[1], int(row[4])))
    assert list(dict.fromkeys(row[0] for row in rows)) == [
        "Zeta 1", "Zeta 2", "Zeta 3", "alpha lower", "beta lowercase", "Ábaco"]
    assert [row[1] for row in rows if row[0] == "Ábaco"] == ["2024"] * 7 + ["2025"] * 7
    items = csv_rows(client.get("/coach/export/plan-items.csv").data)[1:]
    assert items and items == sorted(items, key=lambda row: (row[0], row[1], row[2] or "99",
                                                             row[4]))
    summary = csv_rows(client.get("/coach/export/summary.csv").data)[1:]
    assert len(summary) == 126
    assert [row[0] for row in summary] == sorted((row[0] for row in summary), key=str.lower)
    ábaco = next(row for row in summary if row[0] == "Ábaco")
    assert ábaco[1:4] == ["2025", "2", "2.0"] and ábaco[7] == "1"
