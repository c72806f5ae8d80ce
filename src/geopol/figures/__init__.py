"""Stage 5b, figures: the numbers a text states about something ('more than $160 billion' in
investment, '79 major projects', '15%'), with their unit, bound, what they measure, the actors
they concern and the date expression that governs them."""

from ._tables import Tables, build_tables, load_tables
from .component import FigureComponent, FigureSpan, find_figures

__all__ = ["FigureComponent", "FigureSpan", "Tables", "build_tables", "find_figures", "load_tables"]
