"""Command line: check the datasets in charts/, render every chart and write the site's generated pieces."""

import sys
from pathlib import Path

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
