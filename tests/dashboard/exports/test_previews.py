"""Link previews as a platform's crawler reads them: three views of the live app, each with its own <title>,
og:title, og:image and og:image:alt; each og:image a 1200×630 PNG of that view with its source line (read back
from the PNG's pixel size and its text metadata), at a stable address answered from the cache."""

import struct
import zlib

import lxml.html
import pytest
import requests

from dashboard.app import create_app
from dashboard.data import View
from dashboard.exports import pack, previews
from dashboard.urls import encode, parse

VIEWS = [View(), View(metric="share", sex="female", lang="ko", start=2010, end=2025),
         View(metric="cumulative", chart="line", start=2002, end=2020)]


@pytest.fixture(scope="module")
def live_app(arrivals, serve):
    with serve(create_app(arrivals).server) as base:
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


def test_three_views_have_their_own_preview_and_image(arrivals, live_app):
    seen = []
    for view in VIEWS:
        page = requests.get(live_app + "/" + encode(view, None), timeout=60)
        assert page.status_code == 200
        head = lxml.html.fromstring(page.content).head
        meta = {m.get("property") or m.get("name"): m.get("content") for m in head.iter("meta")}
        title = head.findtext("title")
        assert meta["og:title"] == title and meta["twitter:card"] == "summary_large_image"
        assert meta["og:image:alt"] == meta["description"] == pack.alt_text(arrivals, view)
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image"].startswith(live_app + "/charts/main.png?")
        seen.append((title, meta["og:image"], meta["og:image:alt"]))
        image = requests.get(meta["og:image"], timeout=120)
        assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
        text = png_text(image.content)
        assert text["size"] == (1200, 630)
        assert text["Source"].startswith("Source: Ministry of Unification" if view.lang == "en" else "출처: 통일부")
        assert text["Description"] == meta["og:image:alt"]
        again = requests.get(meta["og:image"], headers={"If-None-Match": image.headers["ETag"]}, timeout=30)
        assert again.status_code == 304  # a stable address, cached by its ETag
    for column in zip(*seen):
        assert len(set(column)) == len(VIEWS), column  # distinct title, image and alt for each view


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
