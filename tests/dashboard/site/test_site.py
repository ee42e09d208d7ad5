"""`nk-arrivals site build`: a static site served by `python -m http.server` and read in headless chromium."""

import hashlib
import json
import posixpath
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pandas as pd
import pytest
import requests
from lxml import etree
from lxml import html as lxml_html

from dashboard.charts import bundle
from dashboard.data import PLACES, Arrivals, View
from dashboard.exports import pack
from dashboard.page import maps, outputs
from dashboard.site import builder
from dashboard.text import locale
from dashboard.text.catalogue import t
from dashboard.urls import default_view
from support.live_server import free_port, static_server
from support.paths import REPO

NK_ARRIVALS = str(Path(sys.executable).with_name("nk-arrivals"))
SUBPATH = "nk"  # served below the host's root, as on most static hosts: every link must be relative


@pytest.fixture(scope="module")
def arrivals():
    return Arrivals.load()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, written by the installed command as a user runs it."""
    root = tmp_path_factory.mktemp("host")
    done = subprocess.run([NK_ARRIVALS, "site", "build", str(root / SUBPATH)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def url(built):
    with static_server(built) as base:
        yield f"{base}/{SUBPATH}/"


def _links(page_html: str) -> list[str]:
    tree = lxml_html.fromstring(page_html)
    return tree.xpath("//a/@href") + tree.xpath("//iframe/@src")


@pytest.mark.parametrize("index", ["index.html", "index.ko.html"])
def test_every_link_and_frame_of_the_site_is_relative_and_served(url, index):
    page = requests.get(url + index)
    assert page.status_code == 200
    links = _links(page.text)
    assert len(links) > 30
    for link in links:
        assert not link.startswith(("/", "http")), link
        assert requests.head(url + link).status_code == 200, link


def test_the_site_carries_the_dataset_and_its_datapackage(url, built):
    package = requests.get(url + "data/datapackage.json").json()
    for resource in package["resources"]:
        body = requests.get(url + "data/" + resource["path"]).content
        if "hash" in resource:
            assert hashlib.sha256(body).hexdigest() in resource["hash"], resource["path"]
    assert requests.get(url + "robots.txt").text.startswith("User-agent: *")
    assert requests.get(url + bundle.LICENSE.name).status_code == 200


def test_downloads_hold_the_default_view_with_its_citation(url, arrivals):
    view = replace(default_view(arrivals), lang="en")
    expected = arrivals.series(view)
    data = json.loads(requests.get(url + "charts/en/arrivals.json").content)
    text = json.dumps(data, ensure_ascii=False)
    assert "Ministry of Unification" in text
    csv = requests.get(url + "charts/en/arrivals.csv").content
    assert csv.startswith(b"\xef\xbb\xbf") and b"Ministry of Unification" in csv
    xlsx = pd.read_excel(BytesIO(requests.get(url + "charts/en/arrivals.xlsx").content), sheet_name=None)
    assert list(xlsx["Data"]["count"]) == list(expected["count"])
    png = requests.get(url + "charts/en/arrivals.png").content
    width, height = struct.unpack(">II", png[16:24])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and (width, height) == (2400, 1350)
    svg = requests.get(url + "charts/en/arrivals.svg").text
    assert "Ministry of Unification" in svg


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    done = subprocess.run([NK_ARRIVALS, "site", "build", str(foreign)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("error:") and "not a site" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_a_failed_rebuild_leaves_the_old_site_whole(built, tmp_path, arrivals):
    out = built / SUBPATH
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    with pytest.raises(FileNotFoundError):
        builder.write(out, arrivals, tmp_path)  # a data folder without the dataset files
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert [p.name for p in built.iterdir()] == [SUBPATH]  # no scratch folder left behind


def test_every_chart_is_drawn_from_the_static_host(url, browser, arrivals):
    maps_drawn = {}

    def visit(page):
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "index.html")
        lang = page.evaluate("document.documentElement.lang")
        static = page.evaluate("() => [...document.querySelectorAll('main figure svg')].map(s => "
                               "s.querySelectorAll('.trace').length)")  # the static SVG, drawn before any script
        drawn = {}
        hrefs = page.eval_on_selector_all("main a[href$='.html']", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            page.goto(url + href)  # each chart's interactive page
            page.wait_for_selector(".js-plotly-plot .trace", state="attached")
            drawn[href] = page.evaluate(
                "() => document.querySelector('.js-plotly-plot')._fullData.map(t => ({type: t.type, y: t.y}))")
            if page.query_selector(".tile-map img"):  # a place breakdown's map, under its bars: loaded and drawn
                page.wait_for_function("() => document.querySelector('.tile-map img').complete")
                maps_drawn[href] = page.evaluate("() => document.querySelector('.tile-map img').naturalWidth")
        return errors, drawn, lang, static

    errors, drawn, lang, static = browser.page(visit)
    assert errors == [] and lang == "en"
    assert len(static) == len(builder.charts(arrivals, "en")) + len(PLACES) and all(static)  # charts, then maps
    assert set(drawn) == {f"charts/en/{c.slug}.html" for c in builder.charts(arrivals, "en")}
    assert maps_drawn == {f"charts/en/breakdown-{dimension}.html": 1200 for dimension in PLACES}
    main = drawn["charts/en/arrivals.html"]
    expected = arrivals.series(replace(default_view(arrivals), lang="en"))
    assert [t["type"] for t in main] == ["bar"]
    assert main[0]["y"] == [int(v) for v in expected["value"]]


def test_the_site_has_the_feed_with_links_relative_to_it(url):
    import feedparser

    response = requests.get(url + "feed.atom")
    assert response.status_code == 200
    headers = {"content-type": response.headers["Content-Type"], "content-location": url + "feed.atom"}
    parsed = feedparser.parse(response.content, response_headers=headers)
    assert parsed.version == "atom10" and not parsed.bozo and parsed.entries
    assert b'href="./?from=' in response.content   # no --base-url: relative to the site folder
    for link in {e.link for e in parsed.entries[:5]}:
        assert link.startswith(url) and requests.get(link).status_code == 200, link


def test_each_index_has_its_own_link_preview_with_its_images(url, arrivals):
    """The static site previews as the app does: its words, and the view's images beside the index."""
    seen = []
    for index, lang in (("index.html", "en"), ("index.ko.html", "ko")):
        head = lxml_html.fromstring(requests.get(url + index).content).head
        metas = {}
        for m in head.iter("meta"):
            metas.setdefault(m.get("property") or m.get("name"), []).append(m.get("content"))
        assert metas["og:image:alt"][0] == metas["description"][0] == pack.alt_text(arrivals, View(lang=lang))
        assert head.find("link[@type='application/json+oembed']") is None  # no endpoint on a static host
        for image, size in zip(metas["og:image"], [(1200, 630), (1080, 1080)]):
            assert not image.startswith(("/", "http")), image
            png = requests.get(url + image).content
            assert struct.unpack(">II", png[16:24]) == size
            assert (b"Source: Ministry of Unification" if lang == "en" else "출처: 통일부".encode()) in png
        seen.append((metas["og:title"][0], metas["og:image"][0]))
    assert len(set(seen)) == 2


@pytest.mark.parametrize("index, lang", [("index.html", "en"), ("index.ko.html", "ko")])
def test_the_index_charts_carry_the_pages_words(url, arrivals, index, lang):
    """Each chart of the index, as on the page: title, subtitle, a key where it has more than one series, the
    source line under it and the events' key (issue 20)."""
    page = lxml_html.fromstring(requests.get(url + index).content)
    sections = {s.get("id"): s for s in page.iter("section") if s.get("id") != "data"}
    assert set(sections) == {c.slug for c in builder.charts(arrivals, lang)}
    source = "Source: " if lang == "en" else "출처: "
    for chart in builder.charts(arrivals, lang):
        section, words = sections[chart.slug], builder.figures.words(chart.figure)
        assert section.findtext("h2") == words["title"]
        lines = [p.text_content() for p in section.xpath("./p[@class='source']")]  # the bars', not the map's
        assert lines == words["notes"] and lines[0].startswith(source), chart.slug  # the source line, then notes
        assert [li.text_content() for li in section.xpath("./ul[@class='key']/li")] == \
            [k["name"] for k in words["key"]]
        assert len(chart.figure.data) <= 1 or words["key"], chart.slug  # more than one series: a key
    main = sections["arrivals"]
    assert "통일부" in main.find_class("source")[0].text_content() and main.find_class("subtitle")
    assert main.xpath(".//ol[@class='events']/li")  # the default view's events
    assert len(sections["revisions"].xpath(".//ul[@class='key']/li")) == 3


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("index, lang", [("index.html", "en"), ("index.ko.html", "ko")])
@pytest.mark.parametrize("dimension", PLACES)
def test_each_place_breakdown_carries_its_tile_map_as_the_live_page_does(url, arrivals, index, lang, dimension):
    """The map beside a place breakdown's bars (issue 24): on the index and on the breakdown's page, with the live
    page's title, text summary and source line; its SVG and PNG files beside the bars', the SVG valid XML with its
    title, source line and (where they are residents) the label inside."""
    live = maps.map_outputs(dimension, lang, "latest", arrivals)
    source = outputs.breakdown_outputs(dimension, lang, "latest", arrivals)["source"]
    residents = "Residents, not arrivals" if lang == "en" else "입국자가 아닌 거주자"
    page = lxml_html.fromstring(requests.get(url + index).content)
    shown = page.get_element_by_id(f"breakdown-{dimension}").find_class("tile-map")
    assert len(shown) == 1
    shown = shown[0]
    assert shown.findtext("h3") == live["title"] and shown.find_class("summary")[0].text == live["summary"]
    lines = [p.text_content() for p in shown.find_class("source")]
    assert lines[0] == source and source.startswith("Source: " if lang == "en" else "출처: ")
    assert (residents in shown.find_class("subtitle")[0].text) == (dimension == "residence")
    inline = shown.find("figure/svg")
    assert inline.findtext("title") == live["title"]
    tile = "Seoul" if dimension == "residence" else "Pyongyang"
    assert t(f"tile_{locale.slug(tile)}", lang) in inline.text_content()  # the tiles' names drawn
    hrefs = {a.text: a.get("href") for a in shown.iter("a")}
    assert set(hrefs) == {"PNG", "SVG"}
    assert hrefs["SVG"] == f"charts/{lang}/breakdown-{dimension}-map.svg"
    image = requests.get(url + hrefs["SVG"])
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/svg+xml"
    root = etree.fromstring(image.content)  # valid XML, or this raises
    assert root.tag == f"{SVG}svg" and (root.get("width"), root.get("height")) == ("1200", "675")
    texts = ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]
    assert live["title"] in texts and source in texts
    assert any(residents in text for text in texts) == (dimension == "residence")
    png = requests.get(url + hrefs["PNG"]).content
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (2400, 1350)
    chart_page = lxml_html.fromstring(requests.get(url + f"charts/{lang}/breakdown-{dimension}.html").content)
    img = chart_page.find_class("tile-map")[0].find("img")
    assert img.get("alt") == live["title"] and img.get("src").startswith(f"../../assets/breakdown-{dimension}-map.")
    assert chart_page.find_class("tile-map")[0].findtext("figcaption") == live["summary"]
    assert requests.get(url + f"charts/{lang}/" + img.get("src")).content == image.content  # its fingerprinted copy


def test_only_place_breakdowns_have_a_map(url, arrivals):
    page = lxml_html.fromstring(requests.get(url + "index.html").content)
    with_map = {s.get("id") for s in page.iter("section") if s.find_class("tile-map")}
    assert with_map == {f"breakdown-{dimension}" for dimension in PLACES}
    assert len(with_map) < len(builder.charts(arrivals, "en"))


def _png_text(png: bytes) -> dict:
    """A PNG's pixel size and its iTXt texts, keyword -> text."""
    at, out = 8, {}
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        data = png[at + 8:at + 8 + length]
        if kind == b"IHDR":
            out["size"] = struct.unpack(">II", data[:8])
        elif kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            out[keyword.decode("latin-1")] = rest[2:].split(b"\0", 2)[2].decode("utf-8")
        at += 12 + length
    return out


@pytest.fixture(scope="module")
def addressed(tmp_path_factory):
    """A site built with --site-url for the host that serves it: its previews' addresses are absolute."""
    root = tmp_path_factory.mktemp("addressed")
    with static_server(root) as base:
        site = f"{base}/{SUBPATH}/"
        done = subprocess.run([NK_ARRIVALS, "site", "build", str(root / SUBPATH), "--site-url", site],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        yield site


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_three_views_of_the_site_have_their_own_absolute_preview(addressed, lang):
    """The index (the main chart), a breakdown and the revisions chart: each page its own og:title, og:image and
    og:image:alt; each og:image an absolute address of a 1200x630 PNG of that chart with its source line inside
    its text metadata, and its alt text as its Description (issue 22)."""
    index = "index.html" if lang == "en" else "index.ko.html"
    seen = []
    for page in (index, f"charts/{lang}/breakdown-education.html", f"charts/{lang}/revisions.html"):
        head = lxml_html.fromstring(requests.get(addressed + page).content).head
        metas = {}
        for m in head.iter("meta"):
            metas.setdefault(m.get("property") or m.get("name"), []).append(m.get("content"))
        title, image, alt = metas["og:title"][0], metas["og:image"][0], metas["og:image:alt"][0]
        assert title == head.findtext("title") and metas["og:url"] == [addressed + page]
        assert image.startswith(addressed) and metas["og:image"][1].startswith(addressed), image
        png = requests.get(image)
        assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
        text = _png_text(png.content)
        assert text["size"] == (1200, 630)
        assert text["Source"].startswith("Source: " if lang == "en" else "출처: ") and text["Description"] == alt
        seen.append((title, image, alt))
    for column in zip(*seen):
        assert len(set(column)) == 3, column


def test_without_its_address_the_sites_previews_are_relative_to_each_page(url):
    head = lxml_html.fromstring(requests.get(url + "charts/en/revisions.html").content).head
    image = next(m.get("content") for m in head.iter("meta") if m.get("property") == "og:image")
    assert image.startswith("../../assets/revisions-social.en.") and requests.get(url + "charts/en/" + image).ok


FINGERPRINT = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{10})(?P<suffix>\.[a-z]+)$")


def _embedded(page_html: str) -> list[str]:
    """What a page loads or shares as part of itself: scripts, images, link-preview images."""
    tree = lxml_html.fromstring(page_html)
    return (tree.xpath("//script/@src") + tree.xpath("//img/@src")
            + tree.xpath("//meta[@property='og:image' or @name='twitter:image']/@content"))


def test_each_asset_is_named_by_its_own_content(built):
    assets = sorted((built / SUBPATH / builder.ASSETS).iterdir())
    assert len(assets) > 20
    for asset in assets:
        found = FINGERPRINT.match(asset.name)
        assert found, asset.name
        assert found["hash"] == hashlib.sha256(asset.read_bytes()).hexdigest()[:10], asset.name


def test_every_page_embeds_only_fingerprinted_assets_and_each_resolves(url, built):
    site = built / SUBPATH
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    assert len(pages) > 10
    for page in pages:
        embedded = _embedded(requests.get(url + page).text)
        assert embedded, page
        for src in embedded:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), src))
            assert resolved.startswith(f"{builder.ASSETS}/") and FINGERPRINT.match(posixpath.basename(resolved)), \
                (page, src)
            assert requests.head(url + resolved).status_code == 200, (page, src)


def _rules(headers_text: str) -> list[tuple[str, dict[str, str]]]:
    """The `_headers` file as Netlify and Cloudflare Pages read it: a path line, then indented `Name: value`."""
    rules = []
    for line in headers_text.splitlines():
        if line and not line[0].isspace():
            rules.append((line.strip(), {}))
        elif line.strip():
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def _matches(rule: str, path: str) -> bool:
    return path.startswith(rule[:-1]) if rule.endswith("*") else path == rule


def test_headers_give_each_file_one_rule_a_year_only_to_fingerprinted_ones(built):
    site = built / SUBPATH
    rules = _rules((site / builder.HEADERS).read_text(encoding="utf-8"))
    files = ["/"] + [f"/{p.relative_to(site).as_posix()}" for p in site.rglob("*")
                     if p.is_file() and p.name != builder.HEADERS]
    for path in files:
        matched = [(rule, headers) for rule, headers in rules if _matches(rule, path)]
        assert len(matched) == 1, (path, matched)  # two would join their Cache-Control values
        immutable = "immutable" in matched[0][1]["Cache-Control"]
        assert immutable == bool(FINGERPRINT.match(path.rsplit("/", 1)[-1]) and path.startswith("/assets/")), path
        assert matched[0][1]["Cache-Control"] in (builder.IMMUTABLE, builder.SHORT)


NGINX_SNIPPET = re.compile(r"# nk-arrivals static site: begin\n(.*?)# nk-arrivals static site: end", re.S)


def test_nginx_with_the_documented_rules_caches_assets_for_a_year_and_pages_for_minutes(built, tmp_path):
    """The docs' nginx lines, served by Debian's nginx: what a host that reads no `_headers` file is told to do."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("Debian's nginx is not installed (Makefile TEST_APT)")
    snippet = NGINX_SNIPPET.search((REPO / "docs" / "performance.md").read_text(encoding="utf-8")).group(1)
    port = free_port()
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    (tmp_path / "nginx.conf").write_text(f"""
user root;  # the site is built in the test's private folder
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy; fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {built / SUBPATH};
{snippet}
    }}
}}
""", encoding="utf-8")
    server = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                requests.get(base, timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        asset = next((built / SUBPATH / builder.ASSETS).glob("plotly-*.js")).name
        cached = requests.get(f"{base}{builder.ASSETS}/{asset}")
        assert cached.status_code == 200 and cached.headers["Cache-Control"] == builder.IMMUTABLE
        for page in ("", "index.ko.html", "charts/en/arrivals.csv", "feed.atom"):
            answer = requests.get(base + page)
            assert answer.status_code == 200 and answer.headers["Cache-Control"] == builder.SHORT, page
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(30)
