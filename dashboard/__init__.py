"""The nk-arrivals dashboard and its command line; dashboard/README.md maps the package."""
