"""The design's entry point: check the datasets in charts/ and the pages in docs/, draw every chart and write the
generated pieces of the site. The same as `explainer charts`; `--check` is `explainer check`."""

import sys

from explainer.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--check" in args:
        args = ["check", *[a for a in args if a != "--check"]]
    elif "--check-freshness" in args:
        args = ["freshness", *[a for a in args if a != "--check-freshness"]]
    else:
        args = ["charts", *args]
    sys.exit(main(args))
