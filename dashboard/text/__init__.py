"""Everything the dashboard says in words: the string catalogue (strings/*.toml), locale formatting, citations,
reference formats, caveats and ready-to-paste quotes. No Dash here: the page, the exports and the API share it."""
