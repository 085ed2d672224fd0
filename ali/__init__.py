"""ALI: an open-source municipal virtual assistant."""

__version__ = "0.1.0"
