"""openclaw: a fast, careful command line for the Venice AI API."""

__version__ = "0.1.0"
