"""Headers, CSRF, host checks and request limits that every page relies on."""
import re

from tests.conftest import csrf_token, log_in, post_form


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/login", "/healthz", "/no-such-page"):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                          "script-src 'self'"):
            assert directive in policy, (path, directive)
        assert "unsafe-inline" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_pages_contain_no_inline_script_or_style(client, make_user):
    log_in(client, make_user("admin"))
    for path in ("/", "/admin/", "/admin/users/new", "/admin/assignments", "/account/password"):
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page and "style=" not in page and "<style" not in page, path


def test_logged_in_pages_are_not_cached(client, make_user):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    log_in(client, make_user("coach"))
    assert client.get("/organizations/").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_a_post_without_a_valid_token_gets_a_clear_400_page(client, make_user):
    log_in(client, make_user("coach"))
    response = client.post("/logout", data={})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    response = client.post("/language", data={"lang": "es", "csrf_token": "forged"},
                           headers={"Accept-Language": "es"})
    assert response.status_code == 400
    assert "Este formulario venció" in response.get_data(as_text=True)


def test_a_request_for_an_untrusted_host_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


def test_an_over_long_request_is_refused_with_a_friendly_page(client):
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "email": "a@example.org",
                                           "password": "x" * 2_000_000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


def test_an_over_long_password_is_refused_without_hashing_it(client, make_user):
    coach = make_user("coach")
    page = post_form(client, "/login", {"email": coach.email, "password": "x" * 600})
    assert page.status_code == 200
    assert "Use at most 128 characters." in page.get_data(as_text=True)


def test_static_files_come_from_the_app_not_a_cdn(client):
    page = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:href|src)="([^"]+)"', page):
        assert url.startswith("/") or url.startswith("#"), url
