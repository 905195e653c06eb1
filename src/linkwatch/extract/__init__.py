"""Extraction: names, roles, events and claims from one document, each with its evidence.

    from linkwatch.extract import Extractor
    extractions = Extractor(settings).extract(documents)
"""
from linkwatch.extract.pipeline import Extractor, build_nlp

# The reference list the extractor indexes; read by linkwatch.model.reference, named here for callers of extract.
from linkwatch.model.reference import organisations as load_organisations

__all__ = ["Extractor", "build_nlp", "load_organisations"]
