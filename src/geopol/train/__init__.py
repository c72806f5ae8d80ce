"""Training workflow for geopol's learned components (needs ``../shared/data``; the ``train`` extra).

Steps, each a module: ``pool`` (which real-news sentences are annotated), ``annotations`` (the
stand-off real-news event annotations and their loader), ``corpus`` (training examples assembled
from ``../shared/data`` and the annotations), ``fit`` (the event model), ``evaluate`` and
``package`` (weights and model card into ``geopol/data/models``). ``geopol train`` runs them.
"""
