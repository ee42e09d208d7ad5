"""The dashboard page: component ids, the layout and its outputs, the callbacks, the Download & cite panel. Mounts no
routes.

The page is built whole on the server for the URL the reader opened (the layout request names it in its Referer),
so the first chart needs no callback. That is why this is not a Dash Pages app: Pages' auto-discovery registers
layouts by path and builds them after the page loads, one round trip later, and page modules in a package folder
clash with imports in tests ("duplicate paths").
"""
