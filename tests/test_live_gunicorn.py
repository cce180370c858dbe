"""The race-test harness itself: gunicorn with several workers serves the test's database."""
import re

from bench.survey_load import Phone
from tests.conftest import PASSWORD
from tests.live_gunicorn import at_once, gunicorn_server  # noqa: F401


def test_gunicorn_serves_the_test_database_to_many_requests_at_once(
        gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization("Harness Peer Center")
    lead = make_user("lead", organization)
    base = gunicorn_server(workers=4)
    phone = Phone(base)
    page = phone.get("/login")[1]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    status, _ = phone.post("/login", {"email": lead.email, "password": PASSWORD,
                                      "csrf_token": token})
    assert status == 302
    pages = at_once(8, lambda i: phone.get(f"/organizations/{organization.id}"))
    assert all(status == 200 and "Harness Peer Center" in body for status, body in pages)
