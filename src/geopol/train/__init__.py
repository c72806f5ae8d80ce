"""Training workflow for geopol's learned components (needs ``../shared/data``; the ``train`` extra).

Modules: ``pool`` (which real-news sentences are annotated), ``annotations`` (the stand-off
real-news event annotations and their loader), ``agreement`` (inter-annotator agreement),
``corpus`` (training examples assembled from ``../shared/data`` and the annotations), ``fit`` and
``linear`` (featurising through geopol's pipeline; fitting the type and role models) and ``run``
(the whole workflow: corpus → featurise → cross-validate → select → fit → evaluate → package into
``geopol/data/models/events`` with its card). ``geopol train`` runs it.
"""
