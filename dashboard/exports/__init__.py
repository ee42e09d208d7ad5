"""Take-aways: the format table, data files (CSV, XLSX, JSON), chart images, the newsroom pack, and the
`nk-arrivals export` command that writes them."""
