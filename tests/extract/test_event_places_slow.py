"""Where an event happened, read by the real model: the most specific place named for it."""
from __future__ import annotations

import pytest

from linkwatch.extract import Extractor
from linkwatch.model import Document

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("wide", ["Africa", "West Africa"])
def test_a_country_is_more_specific_than_a_continent_or_a_region_of_several_countries(extractor: Extractor,
                                                                                       wide: str) -> None:
    text = f"Gunmen attacked a convoy in {wide}, in Nigeria, on 3 March 2024, the army said."
    [x] = extractor.extract([Document(id="d1", raw_sha256="x", origin="test", text=text, published="2024-03-05",
                                      language="en")])
    names = {e.ref: e.name for e in x.entities}
    [event] = x.events
    assert event.location is not None and names[event.location] == "Nigeria"
