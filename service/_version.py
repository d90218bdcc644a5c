"""The package version, in one place: pyproject.toml reads it (``[tool.setuptools.dynamic]``) and so do
``headline --version``, the serve banner and ``GET /v1/model`` callers, with or without an install."""

__version__ = "1.1.0"
