"""Extraction: names, roles, events and claims from one document, each with its evidence.

    from linkwatch.extract import Extractor
    extractions = Extractor(settings).extract(documents)
"""
from linkwatch.extract.organisations import load_organisations
from linkwatch.extract.pipeline import Extractor, build_nlp

__all__ = ["Extractor", "build_nlp", "load_organisations"]
