"""Headline Inspector: clickbait, sensationalism and headline quality, scored by one core.

The layers, each importing only those below it:

* ``service.model``: what a pickled bundle needs at run time, its card and the loader.
* ``service.analysis``: the one scoring core and the one input validator.
* ``service.web`` (the Flask app, API, page), ``service.audit`` (archive audits) and
  ``service.cli`` (the ``headline`` command): the interfaces, each translating the error tree once.

Nothing is imported here, so ``import service.model`` never pays for Flask.
"""
