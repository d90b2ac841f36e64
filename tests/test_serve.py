"""`veille serve` as a user runs it: a real subprocess on 127.0.0.1 over a store built from
examples/ (plus an article carrying script and event-handler markup as text), queried
with httpx and driven in headless Chromium. Browser tests skip when no browser is
installed; the API tests always run."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import httpx
import pytest

from .conftest import EXAMPLES, ROOT

VEILLE = [sys.executable, "-m", "veille"]

# An article about a real-looking event whose title and text carry markup that would run if a
# page let it through unescaped: script elements, an image with onerror, a javascript: link.
HOSTILE = {
    "id": "japon-senkaku", "url": "https://example.org/japon-senkaku", "published": "2024-03-12",
    "outlet": "L'Observateur <script>window.__xss=1</script>",
    "title": "Le Japon convoque l'ambassadeur chinois <script>document.title='pwned';window.__xss=1</script>",
    "text": "Le ministère japonais des Affaires étrangères a convoqué mardi l'ambassadeur de Chine à Tokyo après "
            "l'incursion de navires chinois près des îles Senkaku <img src=x onerror=\"document.title='pwned'\">.\n\n"
            "« Nous protestons vivement contre ces agissements <script>window.__xss=1</script> », a déclaré le "
            "porte-parole du gouvernement japonais <a href=\"javascript:document.title='pwned'\">lien</a>, "
            "ajoutant que Tokyo attendait des explications de Pékin.",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ingest(db: Path, *inputs: str | Path) -> None:
    subprocess.run([*VEILLE, "ingest", *map(str, inputs), "--db", str(db), "--workers", "1"], check=True,
                   capture_output=True, text=True, timeout=600)


class Server:
    """`veille serve` in a subprocess, stopped at the end of the session."""

    def __init__(self, db: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([*VEILLE, "serve", "--db", str(db), "--port", str(self.port)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"veille serve exited: {self.process.stdout.read()}")
            try:
                httpx.get(self.base + "/api/summary", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("veille serve did not answer within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = folder / "store.duckdb"
    _ingest(db, EXAMPLES, hostile)
    return db


@pytest.fixture(scope="session")
def server(store_path) -> Server:
    s = Server(store_path)
    yield s
    s.stop()


@pytest.fixture(scope="session")
def api(server) -> httpx.Client:
    with httpx.Client(base_url=server.base, timeout=30) as client:
        yield client


# --- API -----------------------------------------------------------------------------------------

def test_summary_counts_the_store(api, store_path):
    with duckdb.connect(str(store_path), read_only=True) as con:
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    summary = api.get("/api/summary").json()
    assert summary["documents"] == documents and summary["events"] == merged and summary["reports"] >= merged
    assert summary["last_ingest"]


def test_merged_events_page_through_every_event_once_in_a_stable_order(api):
    total = api.get("/api/summary").json()["events"]
    seen, cursor, pages = [], None, 0
    while True:
        body = api.get("/api/merged", params={"limit": 7} | ({"cursor": cursor} if cursor else {})).json()
        assert set(body) == {"items", "next"} and len(body["items"]) <= 7
        seen += [e["id"] for e in body["items"]]
        pages += 1
        cursor = body["next"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 7)
    dates = [e["date"] or "" for e in api.get("/api/merged", params={"limit": 500}).json()["items"]]
    assert dates == sorted(dates, reverse=True)
    ascending = api.get("/api/merged", params={"limit": 500, "order": "asc"}).json()["items"]
    assert [e["id"] for e in ascending] == seen[::-1]


def test_merged_event_shape_and_filters(api):
    event = api.get("/api/merged", params={"dyad": "RUS:UKR", "limit": 50}).json()["items"][0]
    assert {"id", "type", "actors", "recipients", "date", "context", "quad_class", "goldstein", "num_articles",
            "num_sources", "first_seen", "sentence"} <= set(event)
    assert "RUS" in event["actors"]
    for params, check in [({"type": "consult"}, lambda e: e["type"] == "CONSULT"),
                          ({"party": "UKR"}, lambda e: "UKR" in e["actors"] + e["recipients"]),
                          ({"context": "future"}, lambda e: "future" in e["context"]),
                          ({"since": "2024-01", "until": "2024-06"}, lambda e: "2024-01" <= e["date"][:7] <= "2024-06"),
                          ({"factual": "true"}, lambda e: not {"future", "hypothetical", "negation"} & {*e["context"]}),
                          ]:
        items = api.get("/api/merged", params=params | {"limit": 500}).json()["items"]
        assert items and all(map(check, items)), params


def test_merged_event_with_its_reports_and_offsets(api, store_path):
    event_id = api.get("/api/merged", params={"dyad": "RUS:UKR"}).json()["items"][0]["id"]
    event = api.get(f"/api/merged/{event_id}").json()
    assert event["id"] == event_id and event["reports"]
    with duckdb.connect(str(store_path), read_only=True) as con:
        for report in event["reports"]:
            body = con.execute("SELECT body FROM documents WHERE id = ?", [report["doc_id"]]).fetchone()[0]
            assert body[report["sentence_start"]:report["sentence_end"]] == report["sentence"]
            assert body[report["trigger_start"]:report["trigger_end"]] == report["trigger"]
            assert set(report["agreement"]) >= {"type", "participants", "date", "place"}
            for span in report["actor_spans"]:
                assert span["kind"] in ("actor", "recipient") and span["end"] <= len(report["sentence"])
    assert api.get("/api/merged/nope").status_code == 404


def test_per_article_events_documents_and_quotes(api):
    events = api.get("/api/events", params={"actor": "RUS", "limit": 3}).json()
    assert len(events["items"]) == 3 and events["next"]
    assert all("RUS" in e["actors"] and e["doc_id"] for e in events["items"])
    docs = api.get("/api/documents", params={"q": "Kaliningrad"}).json()["items"]
    assert docs and all("kaliningrad" in (d["title"] or "").lower() or d["chars"] for d in docs)
    doc = api.get(f"/api/documents/{docs[0]['id']}").json()
    assert "Kaliningrad" in doc["body"] and {"events", "quotes", "mentions", "paragraphs"} <= set(doc)
    assert api.get("/api/documents", params={"q": "zzzz-nowhere"}).json() == {"items": [], "next": None}
    quotes = api.get("/api/quotes", params={"limit": 500}).json()["items"]
    speaker = quotes[0]["speaker"]
    by_speaker = api.get("/api/quotes", params={"speaker": speaker, "limit": 500}).json()["items"]
    assert by_speaker and {q["speaker"] for q in by_speaker} == {speaker}


def test_actors_timeline_top_and_locations(api):
    top = api.get("/api/top", params={"n": 3}).json()
    assert len(top["actors"]) == 3 and top["dyads"][0]["events"] >= top["dyads"][-1]["events"]
    dyad = f"{top['dyads'][0]['source']}:{top['dyads'][0]['target']}"
    timeline = api.get("/api/timeline", params={"dyad": dyad, "by": "year"}).json()
    assert timeline["by"] == "year" and sum(p["events"] for p in timeline["periods"]) >= 1
    assert {"period", "verbal_coop", "material_conflict", "goldstein", "coop_conflict"} <= set(timeline["periods"][0])
    actor = api.get("/api/actors/RUS").json()
    assert "Russie" in actor["names"]["country"] and any(r["name"] == "Vladimir Poutine" for r in actor["roles"])
    assert actor["partners"] and sum(p["events"] for p in actor["activity"]) >= 1
    assert api.get("/api/actors", params={"n": 2}).json()[0]["actor"] == top["actors"][0]["actor"]
    points = api.get("/api/locations").json()["points"]
    assert points and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in points)
    kiev = [p for p in points if "Kiev" in p["names"]]
    assert kiev and kiev[0]["lat"] == pytest.approx(50.45, abs=0.1)


def test_downloads_of_a_filtered_list(api, tmp_path):
    count = len(api.get("/api/merged", params={"party": "RUS", "limit": 500}).json()["items"])
    csv_text = api.get("/api/merged", params={"party": "RUS", "format": "csv"}).text
    assert csv_text.startswith("id,type,") and len(csv_text.strip().splitlines()) == count + 1
    lines = api.get("/api/merged", params={"party": "RUS", "format": "jsonl"}).text.strip().splitlines()
    assert len(lines) == count
    parquet = tmp_path / "events.parquet"
    parquet.write_bytes(api.get("/api/merged", params={"party": "RUS", "format": "parquet"}).content)
    assert duckdb.sql(f"SELECT count(*) FROM '{parquet}'").fetchall() == [(count,)]
    response = api.get("/api/events", params={"type": "CONSULT", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv") and "attachment" in response.headers[
        "content-disposition"]


@pytest.mark.parametrize("path, params, parameter", [
    ("/api/merged", {"since": "2024-13"}, "since"),
    ("/api/merged", {"until": "yesterday"}, "until"),
    ("/api/merged", {"dyad": "NATO"}, "dyad"),
    ("/api/merged", {"type": "HUG"}, "type"),
    ("/api/merged", {"context": "rumour"}, "context"),
    ("/api/merged", {"actor": "R U S"}, "actor"),
    ("/api/merged", {"limit": "0"}, "limit"),
    ("/api/merged", {"limit": "501"}, "limit"),
    ("/api/merged", {"limit": "many"}, "limit"),
    ("/api/merged", {"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
    ("/api/merged", {"order": "sideways"}, "order"),
    ("/api/merged", {"format": "xlsx"}, "format"),
    ("/api/merged", {"q": "x" * 201}, "q"),
    ("/api/events", {"since": "2024-02-30"}, "since"),
    ("/api/documents", {"limit": "-1"}, "limit"),
    ("/api/quotes", {"speaker": "?"}, "speaker"),
    ("/api/timeline", {"by": "fortnight"}, "by"),
    ("/api/timeline", {"dyad": "A:B:C"}, "dyad"),
    ("/api/top", {"n": "0"}, "n"),
    ("/api/actors/R%20US", {}, "code"),
])
def test_bad_parameters_are_400_json_naming_the_parameter(api, path, params, parameter):
    response = api.get(path, params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["parameter"] == parameter and error["message"] and error["status"] == 400


def test_read_only_no_cors_no_body_and_safe_headers(api):
    assert api.post("/api/merged").status_code == 405
    assert api.delete("/api/merged/x").status_code == 405
    assert api.request("GET", "/api/summary", content=b"x" * 10).status_code == 413
    response = api.get("/api/summary", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options("/api/summary", headers={"Origin": "http://evil.example",
                                                     "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    assert "script-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert api.get("/api/summary", headers={"Host": "attacker.example"}).status_code == 400


def test_openapi_schema_describes_every_endpoint(api):
    schema = api.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/merged", "/api/merged/{merged_id}", "/api/events", "/api/documents", "/api/documents/{doc_id}",
            "/api/actors", "/api/actors/{code}", "/api/timeline", "/api/top", "/api/quotes",
            "/api/locations", "/api/summary"} == paths
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, path  # nothing writes
        for parameter in methods["get"].get("parameters", []):
            assert parameter["in"] in ("query", "path") and "schema" in parameter
    docs = api.get("/docs").text
    assert all(path in docs for path in paths) and "cdn" not in docs.lower()


def test_pages_are_html_with_escaped_article_text(api):
    for path in ("/", "/events", "/map", "/docs", "/search?q=Japon", "/actor/RUS", "/dyad/RUS:UKR",
                 "/events?party=JPN"):
        response = api.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html"), path
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?://", response.text), path  # nothing remote
    doc_id = api.get("/api/documents", params={"q": "Senkaku"}).json()["items"][0]["id"]
    page = api.get(f"/article/{doc_id}").text
    assert "&lt;script&gt;document.title=" in page and "<script>document" not in page
    assert "&lt;img src=x onerror=&#34;" in page and "<script>window" not in page
    assert api.get("/events", params={"since": "2024-13"}).status_code == 400
    assert api.get("/event/nope").status_code == 404 and "Error 404" in api.get("/event/nope").text


def test_static_assets_are_served_by_veille(api):
    css = api.get("/static/veille.css")
    assert css.status_code == 200 and "@import" not in css.text and "url(http" not in css.text


# --- live: the store written while the server runs -----------------------------------------------

def test_busy_store_answers_503_then_recovers(server, store_path, api):
    """DuckDB lets no other process open a file a writer holds, not even read-only: the
    server retries for a moment, then says so instead of failing. (The writer, like an
    ingest, waits for the server to let the file go: `veille.store.connect`.)"""
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from veille.store import connect; "
                               f"con = connect({str(store_path)!r}); print('held', flush=True); "
                               "sys.stdin.readline()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        busy = api.get("/api/summary")
        assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
        assert busy.json()["error"]["message"].startswith("store busy")
        page = api.get("/")
        assert page.status_code == 503 and "Store busy, retrying" in page.text and 'http-equiv="refresh"' in page.text
    finally:
        holder.communicate("\n", timeout=30)
    assert api.get("/api/summary").status_code == 200


def test_an_ingest_while_pages_are_read_fails_nowhere_and_shows_up(server, api, tmp_path):
    """The server holds the file only in short intervals and an ingest waits for it: while
    a client keeps reading, the ingest succeeds, every answer is a page or "store busy"
    (never an error), and the next request after it sees what it stored."""
    before = api.get("/api/summary").json()["documents"]
    article = tmp_path / "article_live.txt"
    article.write_text("La Norvège et la Finlande signent un accord de coopération\n\n"
                       "Oslo, le 3 avril 2024. La Norvège et la Finlande ont signé mercredi à Oslo un accord de "
                       "coopération militaire, a annoncé le ministère norvégien de la Défense.\n", encoding="utf-8")
    statuses: list[int] = []
    done = threading.Event()

    def read_pages():
        with httpx.Client(base_url=server.base, timeout=30) as client:
            while not done.is_set():
                statuses.append(client.get("/api/summary").status_code)
                statuses.append(client.get("/").status_code)

    reader = threading.Thread(target=read_pages)
    reader.start()
    try:
        _ingest(server_db(server), article)  # check=True: the ingest exits 0
    finally:
        done.set()
        reader.join()
    assert statuses and set(statuses) <= {200, 503}
    assert api.get("/api/summary").json()["documents"] == before + 1
    assert api.get("/api/documents", params={"q": "Norvège et la Finlande signent"}).json()["items"]


def test_an_ingest_shows_up_batch_by_batch(server, api, tmp_path):
    """An ingest lets the file go between the batches it writes: the pages show each batch
    it has committed before it ends (read while the ingest waits between two batches)."""
    articles = []
    for n, (country, capital) in enumerate([("Portugal", "Lisbonne"), ("Espagne", "Madrid"), ("Italie", "Rome"),
                                            ("Grèce", "Athènes")]):
        articles.append(tmp_path / f"visite_{n}.txt")
        articles[-1].write_text(
            f"Le président du {country} reçu à Paris\n\nParis, le {n + 3} mai 2024. Emmanuel Macron a reçu jeudi à "
            f"l'Élysée le chef de l'État venu de {capital}, a annoncé la présidence française. Les deux dirigeants ont "
            f"signé un accord de coopération énergétique.\n", encoding="utf-8")
    before = api.get("/api/summary").json()["documents"]
    ingest = subprocess.Popen([sys.executable, "-m", "tests.stepped_ingest", server_db(server), *map(str, articles)],
                              cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    seen = []
    try:
        for stored in range(1, len(articles) + 1):
            assert ingest.stdout.readline().strip() == str(stored)
            response = api.get("/api/summary")  # the ingest waits: the file is free
            assert response.status_code == 200, response.text
            seen.append(response.json()["documents"] - before)
            ingest.stdin.write("\n")
            ingest.stdin.flush()
        assert ingest.stdout.readline().strip() == "done"
    finally:
        ingest.stdin.close()
        assert ingest.wait(timeout=120) == 0
    assert seen == [1, 2, 3, 4]


def server_db(server: Server) -> str:
    args = server.process.args
    return args[args.index("--db") + 1]


# --- in a browser ----------------------------------------------------------------------------------

def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="session")
def browser():
    found = _chromium()
    if not found:
        pytest.skip("no Chromium and chromedriver installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for a browser online
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1400"):
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="veille-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _follow(driver, element) -> None:
    """Click and wait for the next page to replace this one and finish loading.

    Chromium reports the old page's node either as stale or, mid-navigation, as "not belonging
    to the document": both mean the page was replaced.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_driver) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(driver, 20).until(replaced)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _errors(driver) -> list[str]:
    """Console errors of the page (a blocked script, a failed asset)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_browser_every_page_loads_without_errors(browser, server, screenshots):
    from selenium.webdriver.common.by import By

    for name, path in [("overview", "/"), ("events", "/events"), ("map", "/map"), ("docs", "/docs"),
                       ("search", "/search?q=OTAN"), ("actor", "/actor/RUS"), ("dyad", "/dyad/RUS:UKR")]:
        browser.get(server.base + path)
        assert browser.find_element(By.TAG_NAME, "h1").text, path
        assert _errors(browser) == [], path
        browser.save_screenshot(str(screenshots / f"{name}.png"))
    assert (screenshots / "overview.png").stat().st_size > 10_000


def test_browser_overview_to_dyad_to_bar_to_event_to_article(browser, server, screenshots):
    from selenium.webdriver.common.by import By

    browser.get(server.base + "/")
    dyad_link = browser.find_elements(By.CSS_SELECTOR, "a.dyad-link")[0]
    dyad = dyad_link.text.replace(" → ", ":")
    _follow(browser, dyad_link)
    assert browser.current_url.endswith(f"/dyad/{dyad}")
    bar = next(b for b in browser.find_elements(By.CSS_SELECTOR, "svg.chart a.bar")
               if int(b.get_attribute("data-events")) > 0)
    expected = int(bar.get_attribute("data-events"))
    _follow(browser, bar.find_element(By.CSS_SELECTOR, "rect.seg"))
    query = parse_qs(urlparse(browser.current_url).query)
    assert urlparse(browser.current_url).path == "/events" and query["dyad"] == [dyad]
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr a.event-link")
    assert len(rows) == expected  # the bar's count is the list's length
    browser.save_screenshot(str(screenshots / "events_of_a_bar.png"))
    _follow(browser, rows[0])
    assert "/event/" in browser.current_url
    triggers = browser.find_elements(By.CSS_SELECTOR, "article.report mark.trigger")
    assert triggers and all(t.text.strip() for t in triggers)
    assert browser.find_elements(By.CSS_SELECTOR, "article.report mark.actor")
    browser.save_screenshot(str(screenshots / "event.png"))
    trigger = triggers[0].text
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "article.report a.article-link"))
    assert "/article/" in browser.current_url
    marked = browser.find_elements(By.CSS_SELECTOR, ".body a.ev")
    assert marked and any(trigger in e.text for e in browser.find_elements(By.CSS_SELECTOR, ".body .trigger"))
    assert all("/event/" in a.get_attribute("href") for a in marked)
    browser.save_screenshot(str(screenshots / "article.png"))


def test_browser_map_point_lists_its_events(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server.base + "/map")
    point = browser.find_elements(By.CSS_SELECTOR, "svg.map a.point")[-1]  # the last drawn is on top
    country = point.get_attribute("data-country")
    _follow(browser, point.find_element(By.TAG_NAME, "circle"))
    assert urlparse(browser.current_url).path == "/events"
    cells = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr td:nth-child(4)")
    assert cells and all(country in c.text for c in cells)


def test_browser_filter_form(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server.base + "/events")
    Select(browser.find_element(By.NAME, "type")).select_by_visible_text("ACCUSE")
    browser.find_element(By.NAME, "party").send_keys("RUS")
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    types = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "table.events tbody .quad")]
    assert types and set(types) == {"ACCUSE"}
    browser.find_element(By.NAME, "since").send_keys("2024-13")
    _follow(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"))
    assert "since:" in browser.find_element(By.CSS_SELECTOR, "p.error").text


def test_browser_hostile_article_runs_nothing(browser, server, api, screenshots):
    from selenium.webdriver.common.by import By

    doc_id = api.get("/api/documents", params={"q": "Senkaku"}).json()["items"][0]["id"]
    for path in (f"/article/{doc_id}", "/search?q=Japon", "/events?party=JPN"):
        browser.get(server.base + path)
        assert browser.title != "pwned" and browser.execute_script("return window.__xss === undefined"), path
        assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script, main a[href^=javascript]"), path
    browser.get(server.base + f"/article/{doc_id}")
    body = browser.find_element(By.CSS_SELECTOR, ".body").text
    assert "<script>window.__xss=1</script>" in body and "onerror=" in body
    assert "<script>" in browser.find_element(By.TAG_NAME, "h1").text
    browser.save_screenshot(str(screenshots / "hostile_article.png"))


def test_serve_refuses_a_missing_store_in_one_line(tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    result = subprocess.run([*VEILLE, "serve", "--db", str(missing), "--port", str(_free_port())],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: {missing}: no such store "
                                     f"(build one with `veille ingest PATH --db {missing}`)")
    assert not missing.exists()


# --- the pieces, without a server -------------------------------------------------------------------

def test_runs_cut_text_at_every_mark():
    from veille.serve.marks import runs

    text = "Paris accuse Moscou."
    cut = runs(text, [{"start": 0, "end": 20, "kind": "event"}, {"start": 6, "end": 12, "kind": "trigger"}])
    assert "".join(r["text"] for r in cut) == text
    assert [(r["text"], sorted(r["kinds"])) for r in cut] == [
        ("Paris ", ["event"]), ("accuse", ["event", "trigger"]), (" Moscou.", ["event"])]


def test_actor_spans_find_dictionary_names_as_whole_words():
    from veille.serve.marks import actor_spans

    sentence = "Emmanuel Macron a appelé Vladimir Poutine, et les Russes ont répondu."
    spans = {(sentence[s["start"]:s["end"]], s["kind"]) for s in actor_spans(sentence, ["FRA"], ["RUS"])}
    assert {("Emmanuel Macron", "actor"), ("Vladimir Poutine", "recipient"), ("Russes", "recipient")} <= spans
    assert actor_spans("Rien ici.", ["FRA"], []) == []


def test_period_bounds_select_exactly_the_period():
    import pandas as pd

    from veille.serve.charts import period_bounds

    assert period_bounds(pd.Timestamp("2024-03-01"), "month") == ("2024-03", "2024-03")
    assert period_bounds(pd.Timestamp("2024-03-04"), "week") == ("2024-03-04", "2024-03-10")
    assert period_bounds(pd.Timestamp("2024-04-01"), "quarter") == ("2024-04", "2024-06")
    assert period_bounds(pd.Timestamp("2024-01-01"), "year") == ("2024", "2024")


def test_places_get_coordinates_and_the_view_fits_them():
    from veille.serve import geo

    lat, lon, precision = geo.coordinates("Varsovie", "POL")
    assert precision == "place" and (lat, lon) == pytest.approx((52.23, 21.01), abs=0.1)
    assert geo.coordinates(None, "FRA")[2] == "country" and geo.coordinates(None, "XXX") is None
    placed, unplaced = geo.points([{"location": "Cracovie", "country": "POL", "events": 3},
                                   {"location": "Varsovie", "country": "POL", "events": 1},
                                   {"location": None, "country": "POL", "events": 1},
                                   {"location": "Nulle-part", "country": "XXX", "events": 1}])
    # the country stands at its capital: one point with Varsovie
    assert [(p["names"], p["events"]) for p in placed] == [(["Cracovie"], 3), (["Varsovie", "POL"], 2)]
    assert len(unplaced) == 1
    view = geo.view(placed)
    assert all(view["x"] <= p["x"] <= view["x"] + view["w"] and view["y"] <= p["y"] <= view["y"] + view["h"]
               for p in placed)
    assert view["w"] == 2 * view["h"] and geo.view([])["scale"] == 1.0


def test_cursors_round_trip_and_foreign_ones_are_refused():
    from veille.serve.store import BadCursor, decode_cursor, encode_cursor

    assert decode_cursor(encode_cursor(["2024-03", "m1"]), 2) == ["2024-03", "m1"]
    for cursor in ("!!!", encode_cursor(["a"]), encode_cursor({"a": 1})):
        with pytest.raises(BadCursor):
            decode_cursor(cursor, 2)
