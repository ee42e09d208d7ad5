"""Everything served besides the page: the data API, the embed page, the cache of callback answers, production
hardening (headers, error pages, the callback guard, compression, warming), the gunicorn settings and
`nk-arrivals serve`."""
