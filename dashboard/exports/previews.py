"""What a shared link shows: the `<title>`, description and Open Graph / Twitter card of one view, with an image of
that exact view (the social size, 1200×630, the source line inside it) at a stable address, `/charts/main.png?<the
view's query>` (and the square size at `/charts/main-square.png`), made once per view and kept in the export
gate's bounded cache (serving/charts.py, serving/export_gate.py). The description and the image's alt are the
chart's alt text (`pack.alt_text`), so a preview says what the chart shows in words too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from dashboard import urls
from dashboard.charts import figures
from dashboard.charts.style import SIZES
from dashboard.data import Arrivals, View
from dashboard.exports import images, pack
from dashboard.text.catalogue import t

SIZE = "social"  # charts/style.py SIZES: 1200×630, what Open Graph and X cards show
SQUARE = "square"  # 1080×1080, for platforms that show square images
IMAGE_ROUTES = {SIZE: urls.CHART_ROUTE + "/main.png", SQUARE: urls.CHART_ROUTE + "/main-square.png"}
LOWER_CHARTS = ("breakdown", "revisions")  # /charts/<kind>.png: their preview images (serving/charts.py)
OEMBED_ROUTE = "/oembed"  # serving/embed.py: what a CMS asks to turn a link to a view into an embed
OG_LOCALES = {"en": "en_GB", "ko": "ko_KR"}


@dataclass(frozen=True)
class Preview:
    """The words and image of one view's link preview."""

    title: str  # the page's <title> and og:title: the chart's title and its filter, then the site's name
    description: str
    url: str
    image: str
    square_image: str  # the same view at SQUARE, a second og:image
    square_size: tuple[int, int]
    image_alt: str
    width: int
    height: int
    site_name: str
    locale: str
    oembed: str  # the oEmbed address of the page (its discovery link)


def image_url(view: View, base: str = "", size: str = SIZE) -> str:
    """The stable address of a view's preview image: every view parameter spelled out, as a shared page link."""
    return f"{base.rstrip('/')}{IMAGE_ROUTES[size]}{urls.encode(view, None)}"


@lru_cache(maxsize=512)  # pure in (immutable data, view, address); every page load of a view asks for it
def preview(arrivals: Arrivals, view: View, base: str = "") -> Preview:
    """The preview of a view at the site `base` (the address the page is asked on: previews need absolute URLs)."""
    page = urls.page_url(view, base=base)
    return described(arrivals, view, page, image_url(view, base), image_url(view, base, SQUARE),
                     f"{base.rstrip('/')}{OEMBED_ROUTE}?" + urlencode({"url": page, "format": "json"}))


def described(arrivals: Arrivals, view: View, page: str, image: str, square: str, oembed: str = "") -> Preview:
    """The words of a view's preview with its addresses (the app's routes, or the static site's files, which have
    no oEmbed endpoint)."""
    return described_figure(figures.main_chart(arrivals, view), pack.alt_text(arrivals, view), view.lang, page,
                            image, square, oembed)


def described_figure(fig, alt: str, lang: str, page: str, image: str, square: str, oembed: str = "",
                     subtitled: bool = True) -> Preview:
    """The words of any chart's preview (a view's main chart, a breakdown, a revisions chart): its title (with
    its subtitle, a view's filter, when `subtitled`; a lower chart's is a long footnote) and the site's name, its
    alt text as the description, with its addresses."""
    chart = figures.plain_title(fig)
    subtitle = figures.plain_title(fig, subtitle=True) if subtitled else ""
    width, height = SIZES[SIZE]
    return Preview(title=f"{chart} ({subtitle}) | {t('title', lang)}" if subtitle else f"{chart} | {t('title', lang)}",
                   description=alt, url=page, image=image, square_image=square, square_size=SIZES[SQUARE],
                   image_alt=alt, width=width, height=height, site_name=t("title", lang),
                   locale=OG_LOCALES[lang], oembed=oembed)


def image(arrivals: Arrivals, view: View, size: str = SIZE) -> bytes:
    """The preview PNG of a view: 1200×630 (or 1080×1080) pixels (1×: a screen image, never printed), source
    line inside."""
    return pack.render(arrivals, view, "png", size, screen=True)


def figure_image(arrivals: Arrivals, fig, cited: list, alt: str, lang: str, size: str = SIZE) -> bytes:
    """The preview PNG of any chart (a breakdown, a revisions chart) as `image` makes a view's: 1×, source line
    inside and in its text metadata, the alt text as its Description."""
    return images.render(fig, "png", size=size, info=pack.figure_info(arrivals, fig, cited, alt, lang), scale=1,
                         screen=True)
