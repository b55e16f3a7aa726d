"""explainer: a static explainer-website generator. Sourced JSON datasets become accessible charts, chart
pages and downloads inside a MkDocs + Material site; every number in the prose is bound to its data or
cited."""

__version__ = "1.0.0"
