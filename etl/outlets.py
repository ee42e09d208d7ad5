"""Who a press figure's page belongs to: every host name we read a figure on, mapped to the outlet that published
it (English, Korean) or, for a copy (mirror, portal, content farm, forum, blog, IPFS), to what kind of copy it is.

Readers are shown these names, never a host name: a copy is provenance (`via`), never a publisher.
"""

from etl.errors import SourceFormatError

# host -> (role, name_en, name_ko); role "press" = the outlet that printed MOU's figures, "copy" = where a copy was
# read (the article's own outlet is then not known from the copy).
OUTLETS: dict[str, tuple[str, str, str]] = {
    "ajunews.com": ("press", "Aju Business Daily", "아주경제"),
    "barun-news.com": ("press", "Barun News", "바른뉴스"),
    "catholic.or.kr": ("press", "Catholic Bishops' Conference of Korea", "한국천주교주교회의"),
    "christianitydaily.com": ("press", "Christianity Daily", "기독일보"),
    "christiantoday.co.kr": ("press", "Christian Today", "크리스천투데이"),
    "daijiworld.com": ("press", "Daijiworld", "데이지월드"),
    "dailynk.com": ("press", "Daily NK", "데일리NK"),
    "dailynk.jp": ("press", "Daily NK Japan", "데일리NK 재팬"),
    "donga.com": ("press", "Dong-A Ilbo", "동아일보"),
    "edaily.co.kr": ("press", "Edaily", "이데일리"),
    "globaleconomictimes.kr": ("press", "Global Economic Times", "글로벌경제신문"),
    "hankookilbo.com": ("press", "Hankook Ilbo", "한국일보"),
    "hankyung.com": ("press", "Korea Economic Daily", "한국경제"),
    "imbc.com": ("press", "MBC", "MBC"),
    "japanese.joins.com": ("press", "JoongAng Ilbo (Japanese edition)", "중앙일보 일본어판"),
    "joongang.co.kr": ("press", "JoongAng Ilbo", "중앙일보"),
    "kbs.co.kr": ("press", "KBS", "KBS"),
    "kgnewskorea.com": ("press", "KG News Korea", "KG뉴스코리아"),
    "kmib.co.kr": ("press", "Kookmin Ilbo", "국민일보"),
    "koreaherald.com": ("press", "The Korea Herald", "코리아헤럴드"),
    "koreatimesus.com": ("press", "The Korea Times (US)", "미주한국일보"),
    "koreawave.jp": ("press", "Korea Wave", "코리아웨이브"),
    "ktv.go.kr": ("press", "KTV", "KTV 국민방송"),
    "mbceg.co.kr": ("press", "MBC Gangwon Yeongdong", "MBC강원영동"),
    "mbn.co.kr": ("press", "MBN", "MBN"),
    "mindan.org": ("press", "Mindan Shimbun", "민단신문"),
    "moneys.co.kr": ("press", "Money S", "머니S"),
    "newdaily.co.kr": ("press", "New Daily", "뉴데일리"),
    "news1.kr": ("press", "News1", "뉴스1"),
    "newsfinder.co.kr": ("press", "Newsfinder", "뉴스파인더"),
    "newsis.com": ("press", "Newsis", "뉴시스"),
    "newspim.com": ("press", "Newspim", "뉴스핌"),
    "nk.chosun.com": ("press", "Chosun Ilbo (NK Chosun)", "조선일보 NK조선"),
    "nkd.or.kr": ("press", "Committee for the Democratization of North Korea", "북한민주화위원회"),
    "nknews.org": ("press", "NK News", "NK뉴스"),
    "nocutnews.co.kr": ("press", "CBS NoCut News", "CBS 노컷뉴스"),
    "parstoday.ir": ("press", "Pars Today", "파스투데이"),
    "sbs.co.kr": ("press", "SBS", "SBS"),
    "sedaily.com": ("press", "Seoul Economic Daily", "서울경제"),
    "segye.com": ("press", "Segye Ilbo", "세계일보"),
    "seoul.co.kr": ("press", "Seoul Shinmun", "서울신문"),
    "sputniknews.jp": ("press", "Sputnik (Japanese)", "스푸트니크 일본어판"),
    "tf.co.kr": ("press", "The Fact", "더팩트"),
    "todaykorea.co.kr": ("press", "Today Korea", "투데이코리아"),
    "voakorea.com": ("press", "VOA Korean", "VOA 한국어"),
    "wowkorea.jp": ("press", "WoW!Korea", "와우코리아"),
    "wowkorea.live": ("press", "WoW!Korea", "와우코리아"),
    "yna.co.kr": ("press", "Yonhap", "연합뉴스"),
    "yonhapnews.co.kr": ("press", "Yonhap", "연합뉴스"),
    "youthdaily.co.kr": ("press", "Youth Daily", "청년일보"),
    "14.63.163.190": ("press", "Views & News", "뷰스앤뉴스"),   # the outlet's own server, by its address
    "ytn.co.kr": ("press", "YTN", "YTN"),
    "ansoko.info": ("copy", "a copy on an information site", "정보 사이트의 사본"),
    "baekdunet.com": ("copy", "a copy on a community board", "커뮤니티 게시판의 사본"),
    "bafybeiheqonyv2pafiyvecvpdbm2d7unfinsdtut3lwrytltkni7xxfbza.ipfs.dweb.link":
        ("copy", "an archived copy of a news page (IPFS)", "뉴스 페이지의 보관 사본(IPFS)"),
    "coxplastic.com": ("copy", "a copy on a content-farm page", "콘텐츠 팜 페이지의 사본"),
    "datasom.co.kr": ("press", "Datasom", "데이터솜"),
    "henrypatrick1736.blogspot.com": ("copy", "a copy on a personal blog", "개인 블로그의 사본"),
    "kinaforum.com": ("copy", "a copy on a forum", "포럼의 사본"),
    "livedoor.com": ("copy", "a copy on a news portal (livedoor)", "뉴스 포털(라이브도어)의 사본"),
    "newspic.kr": ("copy", "a copy on a news aggregator", "뉴스 모음 사이트의 사본"),
    "nkeconwatch.com": ("copy", "a copy on a research blog (North Korean Economy Watch)",
                        "연구 블로그(North Korean Economy Watch)의 사본"),
    "jnnews.co.kr": ("copy", "a copy on a local news site", "지역 뉴스 사이트의 사본"),
    "ppomppu.co.kr": ("copy", "a copy on a community forum (Ppomppu)", "커뮤니티 게시판(뽐뿌)의 사본"),
    "parapundit.com": ("copy", "a copy on a personal blog", "개인 블로그의 사본"),
    "soompi.com": ("copy", "a copy on a fan forum", "팬 포럼의 사본"),
    "taiwannewsgazette.com": ("copy", "a copy on a content-farm page", "콘텐츠 팜 페이지의 사본"),
    "theqoo.net": ("copy", "a copy on a forum", "포럼의 사본"),
    "thenewsontime.com": ("copy", "a copy on a content-farm page", "콘텐츠 팜 페이지의 사본"),
    "zum.com": ("copy", "a copy on a news portal (ZUM)", "뉴스 포털(ZUM)의 사본"),
}
UNKNOWN_OUTLET = ("an unnamed press report", "언론 보도(매체 미상)")


def publisher_fields(host: str, source: str) -> dict:
    """sources.csv's publisher and `via` for a page on `host`: the outlet, or for a copy an unnamed press report
    read via that kind of copy."""
    role, name_en, name_ko = outlet(host, source)
    if role == "copy":
        return {"publisher_en": UNKNOWN_OUTLET[0], "publisher_ko": UNKNOWN_OUTLET[1], "via": name_en}
    return {"publisher_en": name_en, "publisher_ko": name_ko}


def outlet(host: str, source: str) -> tuple[str, str, str]:
    """(role, name_en, name_ko) of a host; a host missing from the table stops the build (no host name may reach a
    reader by default)."""
    if host not in OUTLETS:
        raise SourceFormatError(source, "publisher", host, "is not in etl/outlets.py's OUTLETS table")
    return OUTLETS[host]
