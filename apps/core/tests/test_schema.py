import pytest


@pytest.mark.django_db
def test_openapi_schema_documents_every_auth_and_user_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/logout",
        "/api/user/profile",
        "/api/user/watchlist",
        "/api/user/favorites",
        "/api/user/rating",
    ):
        assert path in paths, path
    register = paths["/api/auth/register"]["post"]
    assert "examples" in register["requestBody"]["content"]["application/json"]
    assert "400" in register["responses"]


@pytest.mark.django_db
def test_swagger_ui_is_served_with_local_assets(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content


def test_schema_generates_without_warnings_and_validates(tmp_path):
    """The deploy check generates the schema too: a warning here would fail `check --deploy`."""
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))

    text = out.read_text()
    assert "/api/ml/model/status:" in text
    assert "ModelStatusOutput" in text
    assert "KindAabEnum" not in text  # one name for the shared content-kind choice set
