"""Everything served besides the page: the data API, the embed page, the cache of callback answers, production
hardening (headers, 404s, compression, warming) and the gunicorn settings, plus `nk-arrivals serve`."""
