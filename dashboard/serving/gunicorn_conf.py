"""gunicorn settings for production: ``gunicorn -c python:dashboard.serving.gunicorn_conf``.

The data are immutable once built, so the app (datasets, series and figures) is loaded once in the master
and shared copy-on-write by forked workers. Scale out with more workers here, or more replicas behind
any load balancer: the app keeps no state between requests. Command-line flags override these values.
"""

import gc
import importlib
import os
import sys
import threading

from dashboard.serving.answers import SHELF_ENV
from dashboard.serving.commands import WSGI_APP
from dashboard.serving.warming import WARM
from etl import priority

wsgi_app = WSGI_APP
proc_name = "nk-arrivals"  # ps shows "gunicorn: master [nk-arrivals]" and its workers so
bind = os.environ.get("NK_ARRIVALS_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))  # the usual name platforms set; gunicorn reads it too
preload_app = True
control_socket_disable = True  # gunicorn 27 otherwise opens a control socket in the home folder
timeout = 30
graceful_timeout = 20
keepalive = 5
limit_request_line = 8190  # gunicorn's largest; the app refuses addresses over errors.MAX_URI_BYTES itself, as JSON
accesslog = os.environ.get("NK_ARRIVALS_ACCESS_LOG")  # unset: no access log, the fastest default
# Page answers kept on disk too (serving/answers.py `Shelf`): a restart of the same release answers at once.
os.environ.setdefault(SHELF_ENV, "1")

# No garbage collection while the master loads and warms the app (gunicorn reads this file first): start-up
# allocates hundreds of thousands of objects that live as long as the process, and the collector's passes over
# them cost a fifth of a replica's start. `when_ready` freezes them and turns it back on before the fork.
gc.disable()


def when_ready(server):
    """Before the workers fork: warm what the default page needs, then freeze what it allocated.

    Warming here (the default page, drawn, and the files of its first paint; see `warming.warm_page`) is paid
    once and shared by every worker; the rest waits for `post_worker_init`, so that a new replica answers
    sooner. `gc.freeze()` keeps the collector from writing to those pages, which would un-share them, and from
    walking them again; the collector runs again from here on, for what requests allocate.
    """
    warming = _warming(server.app.wsgi())
    if warming is not None:
        server.log.info("Warmed the default page and %d files of its first paint", warming.page())
    gc.freeze()
    gc.enable()


def on_reload(server):
    """SIGHUP, after `watch` or `build`: load the app again in the master, on the datasets as they are now, warm it
    as at start, and let gunicorn fork its new workers from it (it stops the old ones gracefully: no request is
    lost). A dataset that does not load is refused in one log line, and the old data go on being served."""
    gc.disable()
    module, _, name = WSGI_APP.partition(":")
    try:
        fresh = getattr(importlib.reload(sys.modules[module]), name)
    except (Exception, SystemExit) as error:  # noqa: BLE001 (whatever a new dataset gets wrong, the site stays up)
        server.log.error("Reload refused, still serving the previous data: %s", error)
    else:
        server.app.callable = fresh
        warming = _warming(fresh)
        if warming is not None:
            server.log.info("Reloaded the data; warmed %d files of the first paint", warming.page())
    gc.freeze()
    gc.enable()


def post_worker_init(worker):
    """In each worker, once forked: warm the rest (`warming.warm_rest`) in the background while it answers."""
    warming = _warming(worker.wsgi)
    if warming is not None:
        threading.Thread(target=_politely, args=(warming.rest,), name="warm-rest", daemon=True).start()


def _politely(work) -> None:
    """Run `work` at the lowest CPU priority (etl/priority.py): a worker's first answers are not slowed by its
    warming (brotli 11 of a file not yet kept on disk is seconds of CPU)."""
    priority.lower_this_thread()
    work()


def _warming(wsgi):
    return getattr(wsgi, "extensions", {}).get(WARM)
