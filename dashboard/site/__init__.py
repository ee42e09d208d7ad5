"""The static site: every chart's default view, its data and the dataset in one folder for any static host, and
`nk-arrivals site build`. Built from charts/ and exports/, never from the Dash page."""
