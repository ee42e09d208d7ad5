"""Debian's chromium for playwright: the one executable and flag list every browser test and the benchmarks use.

Never `playwright install` (no browser downloads here). As root chromium needs --no-sandbox; the
background-networking flags stop it calling hosts this machine cannot reach.
"""

EXECUTABLE = "/usr/bin/chromium"
ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)


def launch(playwright):
    """A headless Debian chromium from a started playwright."""
    return playwright.chromium.launch(executable_path=EXECUTABLE, args=list(ARGS))
