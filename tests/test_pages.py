"""Public pages, health check and error pages, in both languages."""
from sqlalchemy.exc import OperationalError

from tests.conftest import make_app


def test_home_page_says_what_the_tool_is_for_in_english(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "behavioral-health peer organizations" in page
    assert "Log in" in page


def test_first_visit_follows_the_browsers_language(client):
    page = client.get("/", headers={"Accept-Language": "es-MX,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "organizaciones de pares de salud conductual" in page
    assert "Iniciar sesión" in page


def test_unsupported_browser_language_falls_back_to_english(client):
    page = client.get("/", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_when_the_database_does_not(shared_instance, tmp_path):
    broken = make_app(f"sqlite:///{tmp_path}/missing-folder/db.sqlite3", shared_instance)
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_unknown_page_gets_a_friendly_404_in_spanish(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "No encontramos esta página" in page
    assert "Ir a la página de inicio" in page


def test_server_error_gets_a_friendly_500_page(shared_instance, migrated_database, tmp_path):
    from tests.conftest import database_url_for_test

    app = make_app(database_url_for_test(migrated_database, tmp_path), shared_instance)
    app.config["TESTING"] = False  # let the error reach the handler instead of the test

    @app.get("/boom")
    def boom():
        raise OperationalError("SELECT", {}, Exception("database went away"))

    response = app.test_client().get("/boom", headers={"Accept-Language": "es"})
    assert response.status_code == 500
    assert "Algo falló de nuestro lado" in response.get_data(as_text=True)
    assert "database went away" not in response.get_data(as_text=True)


def test_static_stylesheet_is_served_by_the_app(client):
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert "max-width" in response.get_data(as_text=True)
