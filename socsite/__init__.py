"""The SOC explainer's generator: datasets in, charts and page snippets out."""
