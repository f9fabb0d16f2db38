"""The preview server over HTTP: its page, card images, refusals of anything else, build requests."""

from __future__ import annotations

import shutil

import pytest
from conftest import CONTENT
from starlette.testclient import TestClient

from deck.load.content import load_content
from deck.serve.app import create_app
from deck.serve.engine import Engine, View


# One worker runs this module (pytest -n, --dist loadgroup): its module fixture lives in memory.
pytestmark = pytest.mark.xdist_group("serve-app")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    content = tmp_path_factory.mktemp("app") / "content"
    shutil.copytree(CONTENT, content)
    orgs = [CONTENT / "orgs" / "voorbeeld"]
    with TestClient(create_app(Engine(content, orgs), View("nl", "a6"), watch=False)) as client:
        yield client


def test_the_page_is_served_with_its_script(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'new EventSource("/events")' in response.text


def test_state_lists_every_deck_and_card_with_images(client):
    state = client.get("/api/state").json()
    loaded = load_content(CONTENT)
    assert [d["id"] for d in state["decks"]] == list(loaded.decks)
    assert [len(d["cards"]) for d in state["decks"]] == [len(d.cards) for d in loaded.decks.values()]
    card = state["decks"][0]["cards"][0]
    image = client.get(f"/card/{card['front']}.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert [o["name"] for o in state["choices"]["orgs"]] == ["Wijkteam Lindendal"]


def test_an_organisation_shows_its_own_set(client):
    shared = client.get("/api/state").json()
    own = client.get("/api/state", params={"org": shared["choices"]["orgs"][0]["slug"]}).json()
    assert own["problems"] == []
    shared_ids = {c["id"] for d in shared["decks"] for c in d["cards"]}
    own_ids = {c["id"] for d in own["decks"] for c in d["cards"]}
    assert own_ids != shared_ids  # the profile leaves cards out and adds its own
    # The organisation's backs carry its name and logo: another image than the shared back.
    assert own["decks"][0]["cards"][0]["back"] != shared["decks"][0]["cards"][0]["back"]


@pytest.mark.parametrize("url", [
    "/card/../../etc/passwd.png",
    "/card/%2e%2e%2f%2e%2e%2fetc%2fpasswd.png",
    "/card/nonexistent.png",
    "/download/../../etc/passwd",
    "/download/unknown-token",
    "/content/decks/lessen.yaml",
    "/decks/lessen.yaml",
    "/templates/cards.html.j2",
    "/static/../pyproject.toml",
])
def test_no_url_reaches_the_file_system(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"id: lessen" not in response.content and b"[project]" not in response.content


def test_a_build_request_names_the_kinds_it_accepts(client):
    response = client.post("/api/build", json={"kind": "everything"})
    assert response.status_code == 400
    assert response.json() == {"error": "kind must be one of print, sheets, workbook"}
