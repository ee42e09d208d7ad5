"""Link previews as a platform's crawler reads them: three views of the live app, each with its own <title>,
og:title, og:image and og:image:alt; each og:image a 1200×630 PNG of that view with its source line (read back
from the PNG's pixel size and its text metadata), at a stable address answered from the cache."""

import json
import shutil
import struct
import subprocess
import zlib

import lxml.html
import pytest
import requests

from dashboard.app import create_app
from dashboard.data import View
from dashboard.exports import pack, previews
from dashboard.serving import export_gate
from dashboard.urls import encode, parse

VIEWS = [View(), View(metric="share", sex="female", lang="ko", start=2010, end=2025),
         View(metric="cumulative", chart="line", start=2002, end=2020)]


@pytest.fixture(scope="module")
def app(arrivals):
    return create_app(arrivals)


@pytest.fixture(scope="module")
def live_app(app, serve):
    with serve(app.server) as base:
        yield base


def png_text(png: bytes) -> dict[str, str]:
    """The keyword → text of a PNG's iTXt and tEXt chunks, and its pixel size, read chunk by chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, out = 8, {}
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        data = png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + data)
        if kind == b"IHDR":
            out["size"] = struct.unpack(">II", data[:8])
        elif kind == b"iTXt":
            keyword, rest = data.split(b"\0", 1)
            text = rest[2:].split(b"\0", 2)[2]
            out[keyword.decode("latin-1")] = text.decode("utf-8")
        at += 12 + length
    return out


def exiftool(png: bytes, tmp_path) -> dict:
    """What exiftool, the tool people use, reads from a PNG."""
    binary = shutil.which("exiftool")
    assert binary, "exiftool is missing: apt-get install libimage-exiftool-perl (TEST_APT)"
    path = tmp_path / "preview.png"
    path.write_bytes(png)
    out = subprocess.run([binary, "-json", "-a", "-G1", str(path)], capture_output=True, check=True).stdout
    return {key.split(":", 1)[1].split("-")[0]: value for key, value in json.loads(out)[0].items()
            if key.startswith("PNG:")}  # the text's keyword, its language tag dropped


def test_three_views_have_their_own_preview_and_image(arrivals, live_app, tmp_path):
    seen = []
    for view in VIEWS:
        page = requests.get(live_app + "/" + encode(view, None), timeout=60)
        assert page.status_code == 200
        head = lxml.html.fromstring(page.content).head
        metas = {}
        for m in head.iter("meta"):
            metas.setdefault(m.get("property") or m.get("name"), []).append(m.get("content"))
        meta = {key: values[0] for key, values in metas.items()}  # the first og:image is the one most readers take
        title = head.findtext("title")
        assert meta["og:title"] == title and meta["twitter:card"] == "summary_large_image"
        assert meta["og:image:alt"] == meta["description"] == pack.alt_text(arrivals, view)
        assert list(zip(metas["og:image:width"], metas["og:image:height"])) == [("1200", "630"), ("1080", "1080")]
        assert meta["og:image"].startswith(live_app + "/charts/main.png?") and meta["twitter:image"] == meta["og:image"]
        assert metas["og:image"][1].startswith(live_app + "/charts/main-square.png?")
        seen.append((title, meta["og:image"], meta["og:image:alt"]))
        for url, size in zip(metas["og:image"], [(1200, 630), (1080, 1080)]):
            image = requests.get(url, timeout=120)
            assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
            text = png_text(image.content)
            assert text["size"] == size
            read = exiftool(image.content, tmp_path)
            assert (read["ImageWidth"], read["ImageHeight"]) == size
            assert read["Source"] == text["Source"]
            assert read["Source"].startswith("Source: Ministry of Unification" if view.lang == "en" else "출처: 통일부")
            assert read["Description"] == text["Description"] == meta["og:image:alt"]
            again = requests.get(url, headers={"If-None-Match": image.headers["ETag"]}, timeout=30)
            assert again.status_code == 304  # a stable address, cached by its ETag
    for column in zip(*seen):
        assert len(set(column)) == len(VIEWS), column  # distinct title, image and alt for each view


def test_a_preview_image_is_kept_in_the_export_gates_bounded_cache(app, live_app):
    """Kept in the folder every worker shares (serving/export_gate.py), not in one process's memory."""
    url = previews.image_url(VIEWS[1], live_app + "/", previews.SQUARE)
    first = requests.get(url, timeout=120)
    assert first.status_code == 200
    assert first.content in [p.read_bytes() for p in app.server.extensions[export_gate.FOLDER].glob("*.answer")]
    assert requests.get(url, timeout=30).content == first.content


def test_a_bad_view_parameter_is_a_clear_400(live_app):
    answer = requests.get(live_app + "/charts/main.png?sex=nobody", timeout=30)
    assert answer.status_code == 400 and "sex" in answer.text


def test_the_image_address_names_every_view_parameter():
    url = previews.image_url(View(lang="ko"), "https://example.org/")
    assert url.startswith("https://example.org/charts/main.png?") and "lang=ko" in url and "metric=count" in url


def test_every_page_links_its_oembed_whose_answer_embeds_the_view(arrivals, live_app):
    for view in VIEWS:
        head = lxml.html.fromstring(requests.get(live_app + "/" + encode(view, None), timeout=60).content).head
        (link,) = [e for e in head.iter("link") if e.get("type") == "application/json+oembed"]
        answer = requests.get(link.get("href"), timeout=60)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/json")
        item = answer.json()
        assert item["version"] == "1.0" and item["type"] == "rich" and item["title"] == head.findtext("title")
        iframe, script = lxml.html.fragments_fromstring(item["html"])
        read = parse(encode(view, None), arrivals).view  # the view as the grammar reads the link (years resolved)
        assert iframe.get("src") == live_app + "/embed" + encode(read, None)
        assert script.get("src") == live_app + "/embed/resize.js"
        assert item["thumbnail_url"] == previews.image_url(read, live_app + "/")
        embedded = lxml.html.fromstring(requests.get(iframe.get("src"), timeout=60).content)
        assert embedded.findtext(".//h1") == iframe.get("title")  # the embed shows the view the link named


@pytest.mark.parametrize("query, status", [("url=https://elsewhere.example/&format=json", 404),
                                           ("format=json", 404), ("url={live}/&format=xml", 501),
                                           ("url={live}/&maxwidth=wide", 400)])
def test_oembed_refuses_what_it_cannot_answer(live_app, query, status):
    assert requests.get(f"{live_app}/oembed?{query.format(live=live_app)}", timeout=30).status_code == status


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_breakdown_and_revisions_views_have_preview_images_of_their_own(arrivals, live_app, lang):
    """/charts/breakdown.png and /charts/revisions.png: 1200×630 PNGs of that chart, its source line and its
    text summary in the PNG's metadata, distinct from the main view's and from each other; a bad parameter 400."""
    from dashboard.charts import figures

    wanted = {f"/charts/breakdown.png?dimension=education&lang={lang}":
              figures.breakdown_figure(arrivals, "education", lang)[1],
              f"/charts/revisions.png?rev=2011&lang={lang}": figures.revision_figure(arrivals, 2011, lang)[1],
              f"/charts/main.png?lang={lang}": pack.alt_text(arrivals, parse(f"lang={lang}", arrivals).view)}
    seen = []
    for path, summary in wanted.items():
        image = requests.get(live_app + path, timeout=120)
        assert image.status_code == 200 and image.headers["Content-Type"] == "image/png", path
        text = png_text(image.content)
        assert text["size"] == (1200, 630) and text["Description"] == summary
        assert text["Source"].startswith("Source: " if lang == "en" else "출처: ")
        seen.append((text["Title"], image.content))
    for column in zip(*seen):
        assert len(set(column)) == 3
    assert requests.get(live_app + "/charts/revisions.png?rev=abc", timeout=30).status_code == 400
    assert requests.get(live_app + "/charts/nothing.png", timeout=30).status_code == 404
