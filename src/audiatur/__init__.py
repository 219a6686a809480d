"""audiatur: a claims ledger for conflict reporting.

*Audiatur et altera pars* — let the other side be heard. Importing the package registers the spaCy
components (`audiatur_figures`, …) so that other pipelines can `nlp.add_pipe("audiatur_figures")`.
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
