from __future__ import annotations

from fastapi.testclient import TestClient

from ali.catalogue import Catalogue


def test_lists_every_procedure(client: TestClient, catalogue: Catalogue) -> None:
    response = client.get("/api/v1/councils/alicante/procedures")
    assert response.status_code == 200
    items = response.json()
    assert [item["id"] for item in items] == catalogue.ids()
    assert {"id", "kind", "category", "title", "url"} <= set(items[0])


def test_titles_follow_the_language_and_category_filters(client: TestClient) -> None:
    response = client.get(
        "/api/v1/councils/alicante/procedures", params={"language": "va", "category": "padron"}
    )
    items = response.json()
    assert {item["category"] for item in items} == {"padron"}
    assert any(item["title"].startswith("Volant") for item in items)


def test_full_entry_has_every_language(client: TestClient) -> None:
    response = client.get("/api/v1/councils/alicante/procedures/padron.volante")
    assert response.status_code == 200
    entry = response.json()
    assert set(entry["text"]) == {"es", "va", "en"}
    assert entry["source_url"].startswith("https://")


def test_full_entry_leaves_out_the_editors_notes(client: TestClient, catalogue: Catalogue) -> None:
    noted = next(p for p in catalogue if p.editor_notes)
    response = client.get(f"/api/v1/councils/alicante/procedures/{noted.id}")
    assert response.status_code == 200
    assert "editor_notes" not in response.json()
    assert noted.editor_notes[0] not in response.text


def test_bad_language_filter_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/councils/alicante/procedures", params={"language": "de"})
    assert response.status_code == 422


def test_unknown_council_catalogue_is_404(client: TestClient) -> None:
    assert client.get("/api/v1/councils/atlantis/procedures").status_code == 404
