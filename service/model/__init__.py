"""The model layer: everything a bundle needs at run time, and the loader that verifies and opens it.

One-way: this package imports numpy, scipy, scikit-learn, textstat, the standard library and
``service.exceptions``/``service.model_card``/``service.model_path``, never ``service.analysis``, the web,
audit or CLI layers, nor ``training`` (fit-time code imports this package, not the other way round;
``tests/test_layers.py`` checks it). The pickled classes live here, so a bundle names ``service.model.*``.
"""

from service.model.loader import LoadedModel, find_card, freeze_after_load, load_model, resolve_model_card

__all__ = ["LoadedModel", "load_model", "find_card", "freeze_after_load", "resolve_model_card"]
