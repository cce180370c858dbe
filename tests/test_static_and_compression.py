"""A phone downloads the stylesheet once and gets pages compressed."""
import gzip

import brotli
from flask import url_for


def test_compressed_and_uncompressed_pages_are_the_same_page(client):
    plain = client.get("/how-scores-work")
    zipped = client.get("/how-scores-work", headers={"Accept-Encoding": "gzip"})
    squeezed = client.get("/how-scores-work", headers={"Accept-Encoding": "br"})
    assert "Content-Encoding" not in plain.headers
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert squeezed.headers["Content-Encoding"] == "br"
    assert gzip.decompress(zipped.data) == plain.data
    assert brotli.decompress(squeezed.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 2


def test_the_stylesheet_is_compressed_too(client):
    plain = client.get("/static/app.css")
    css = client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
    assert css.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(css.data) == plain.data
    assert len(css.data) < len(plain.data) / 3
    plain.close()
    css.close()


def test_pages_link_the_stylesheet_by_its_content(client):
    page = client.get("/how-scores-work").get_data(as_text=True)
    assert "/static/app.css?v=" in page


def test_the_address_changes_when_the_file_changes(app, tmp_path):
    app.static_folder = str(tmp_path)
    (tmp_path / "app.css").write_text("body { color: black }")
    with app.test_request_context():
        before = url_for("static", filename="app.css")
        (tmp_path / "app.css").write_text("body { color: navy }")
        after = url_for("static", filename="app.css")
    assert before != after and after.startswith("/static/app.css?v=")


def test_the_current_stylesheet_is_kept_a_year_even_when_logged_in(client, logged_in, make_user):
    logged_in(make_user("coach"))
    with client.application.test_request_context():
        current = url_for("static", filename="app.css")
    kept = client.get(current)
    assert kept.status_code == 200
    assert kept.cache_control.max_age == 365 * 24 * 3600 and kept.cache_control.immutable
    assert not kept.cache_control.no_store
    kept.close()


def test_an_old_address_is_not_kept(client):
    stale = client.get("/static/app.css?v=000000000000")
    assert stale.status_code == 200
    assert stale.cache_control.max_age != 365 * 24 * 3600
    stale.close()


def test_logged_in_pages_are_still_never_stored(client, logged_in, make_user):
    logged_in(make_user("coach"))
    assert client.get("/").cache_control.no_store


def test_a_browser_that_has_the_stylesheet_gets_not_modified(client):
    first = client.get("/static/app.css")
    again = client.get("/static/app.css", headers={"If-None-Match": first.headers["ETag"],
                                                   "Accept-Encoding": "gzip"})
    assert again.status_code == 304 and not again.data
    first.close()
    again.close()
