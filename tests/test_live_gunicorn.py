"""The race-test harness itself: gunicorn with several workers serves the test's database."""
from tests.live_gunicorn import at_once, gunicorn_server, logged_in_phone  # noqa: F401


def test_gunicorn_serves_the_test_database_to_many_requests_at_once(
        gunicorn_server, make_organization, make_user):  # noqa: F811
    organization = make_organization("Harness Peer Center")
    lead = make_user("lead", organization)
    phone = logged_in_phone(gunicorn_server(workers=4), lead)
    pages = at_once(8, lambda i: phone.get(f"/organizations/{organization.id}"))
    assert all(status == 200 and "Harness Peer Center" in body for status, body in pages)
