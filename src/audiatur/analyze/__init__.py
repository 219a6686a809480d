"""The analyze stage: claims set beside each other across documents.

- **clusters**: the same figure or the same act stated in several documents, with how many documents repeat
  it, how many origins it has and how many of them are independent of each other;
- **contradictions**: an act asserted by one origin and denied by another; figures that cannot both hold;
- **timelines**: how each origin's figures moved over time (a growing figure is an update, not a
  contradiction);
- **incidents**: the claims about one event at one place, with the casualty range across sources.

`update(store)` recomputes what changed and stores it; the store's `list_clusters`, `list_contradictions`,
`list_timelines` and `list_incidents` read the results. The functions below also work on facts in memory.
"""

from __future__ import annotations

from .clusters import build_clusters, cluster_facts
from .contradictions import event_contradictions, figure_contradictions, figures_conflict
from .facts import Fact, make_fact, value_interval
from .grouping import WINDOW_DAYS, group_facts
from .incidents import build_incidents, casualty_ranges
from .origins import Origin, OriginResolver, count_independent, document_roots
from .parties import PartyBook, load_party_book
from .timelines import build_timelines
from .update import ANALYSIS_VERSION, AnalysisOptions, AnalysisReport, update

__all__ = [
    "ANALYSIS_VERSION",
    "WINDOW_DAYS",
    "AnalysisOptions",
    "AnalysisReport",
    "Fact",
    "Origin",
    "OriginResolver",
    "PartyBook",
    "build_clusters",
    "build_incidents",
    "build_timelines",
    "casualty_ranges",
    "cluster_facts",
    "count_independent",
    "document_roots",
    "event_contradictions",
    "figure_contradictions",
    "figures_conflict",
    "group_facts",
    "load_party_book",
    "make_fact",
    "update",
    "value_interval",
]
