"""linkwatch: an evidence-backed map of how militant organisations are linked, from open-source news."""
__version__ = "0.1.0"
