"""Figure builders (pure: data layer answers in, plotly figures out), their one style table, and the check that
the vendored plotly.js bundle can draw every trace they make."""
