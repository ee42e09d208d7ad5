"""gunicorn settings for production: ``gunicorn -c python:dashboard.gunicorn_conf``.

The data are immutable once built, so the app (datasets, series and figures) is loaded once in the master
and shared copy-on-write by forked workers. Scale out with more workers here, or more replicas behind
any load balancer: the app keeps no state between requests. Command-line flags override these values.
"""

import gc
import os

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
    """Move everything the preloaded app allocated out of the collector's reach.

    Collections in a worker would otherwise write to those pages and un-share them from the master.
    """
    gc.freeze()
