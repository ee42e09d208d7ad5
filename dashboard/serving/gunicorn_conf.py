"""gunicorn settings for production: ``gunicorn -c python:dashboard.serving.gunicorn_conf``.

The data are immutable once built, so the app (datasets, series and figures) is loaded once in the master
and shared copy-on-write by forked workers. Scale out with more workers here, or more replicas behind
any load balancer: the app keeps no state between requests. Command-line flags override these values.
"""

import gc
import os

from dashboard.serving.hardening import WARM

wsgi_app = "dashboard.app:server"
bind = os.environ.get("NK_ARRIVALS_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # the usual name platforms set; gunicorn reads it too
preload_app = True
control_socket_disable = True  # gunicorn 27 otherwise opens a control socket in the home folder
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("NK_ARRIVALS_ACCESS_LOG")  # unset: no access log, the fastest default


def when_ready(server):
    """Before the workers fork: warm the preloaded app's caches, then freeze what it allocated.

    Warming here (compressed static files, see `dashboard.server.warm`) is paid once and shared by every
    worker. `gc.freeze()` keeps the collector from writing to those pages, which would un-share them.
    """
    warm = getattr(server.app.wsgi(), "extensions", {}).get(WARM)
    if warm is not None:
        server.log.info("Warmed %d static files", warm())
    gc.freeze()
