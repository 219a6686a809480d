"""audiatur's spaCy components (registered with spaCy when this package is imported).

    import spacy, audiatur.extract
    nlp = spacy.blank("en")
    nlp.add_pipe("audiatur_figures")
    doc = nlp("27 civilians were killed and 141 were wounded, the ministry said.")
    doc._.audiatur_figures, doc._.audiatur_statements, doc.spans["audiatur_figures"]

They are also declared as `spacy_factories` entry points, so spaCy finds them by name once audiatur is
installed, even before anything imports it.
"""

from __future__ import annotations

from audiatur.extract.components.characterizations import make_characterizations
from audiatur.extract.components.dates import make_dates
from audiatur.extract.components.demands import make_demands
from audiatur.extract.components.events import make_events
from audiatur.extract.components.figures import make_figures
from audiatur.extract.components.layout import make_layout
from audiatur.extract.components.places import make_places
from audiatur.extract.components.quantities import make_quantities
from audiatur.extract.components.statements import make_statements
from audiatur.extract.state import ensure_extensions

ensure_extensions()

# The default extraction pipeline. `audiatur_places` and `audiatur_dates` (every place and date of a document
# as spans) are there to add; claims look up places and dates in their own sentences on demand.
COMPONENTS = (
    "audiatur_layout",
    "audiatur_quantities",
    "audiatur_statements",
    "audiatur_figures",
    "audiatur_events",
    "audiatur_characterizations",
    "audiatur_demands",
)

__all__ = [
    "COMPONENTS",
    "make_characterizations",
    "make_dates",
    "make_demands",
    "make_events",
    "make_figures",
    "make_layout",
    "make_places",
    "make_quantities",
    "make_statements",
]
