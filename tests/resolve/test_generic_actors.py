"""Groups the text does not name ('unidentified gunmen') and dates inferred from publication, end to end:
extraction's flags survive resolution, the store and the export; a generic group stays its document's own and
links no organisation."""
from __future__ import annotations

import io
import json

from resolve_articles import Article, entity_named, ingest

from linkwatch.analyse.links import org_links
from linkwatch.analyse.view import GraphView
from linkwatch.export.jsonl import write_jsonl
from linkwatch.model import LocalEntity
from linkwatch.store import Store

HAMAS = "org:hamas"


def _attack(text: str, published: str, generic_name: str, *, named: bool = False, date: str | None = None,
            date_source: str | None = None) -> Article:
    a = Article(text, source=f"Wire {published}", published=published).place("k", "Kabul")
    a.entities.append(LocalEntity("g", "organization", generic_name, generic=True))
    if named:
        a.org("h", "Hamas", key=HAMAS)
    a.event("v", "armed_assault", date, "k", ["g", "h"] if named else ["g"], [], text.split(".")[0])
    a.events[-1].date_source = date_source  # type: ignore[attr-defined]
    a.rel("carried_out", "g", "v", text.split(".")[0])
    if named:
        a.rel("carried_out", "h", "v", text.split(".")[0], "reported")
    return a


def _with_date_source(article: Article) -> Article:
    """Article.extraction builds LocalEvents without a date source: carry the one set on the scripted event."""
    original = article.extraction

    def extraction(doc):  # type: ignore[no-untyped-def]
        x = original(doc)
        for local, scripted in zip(x.events, article.events, strict=True):
            local.date_source = getattr(scripted, "date_source", None)
        return x

    article.extraction = extraction  # type: ignore[method-assign]
    return article


def test_two_articles_unnamed_gunmen_are_two_groups_never_a_named_one(store: Store) -> None:
    ingest(store,
           _attack("Unidentified gunmen stormed a hotel in Kabul.", "2025-03-02", "Unidentified gunmen"),
           _attack("Unidentified gunmen attacked a checkpoint in Kabul.", "2025-03-09", "Unidentified gunmen"),
           Article("Unidentified Gunmen, a band from Kabul, gave a concert.", published="2025-03-10")
           .org("n", "Unidentified Gunmen"))
    generic = [e for e in store.entities() if e.generic]
    assert len(generic) == 2 and {e.name for e in generic} == {"Unidentified gunmen"}
    named = [e for e in store.entities() if not e.generic and e.name == "Unidentified Gunmen"]
    assert len(named) == 1  # the named band is neither of the two generic groups


def test_a_generic_group_links_no_organisation(store: Store) -> None:
    ingest(store, _attack("Jihadists and Hamas attacked a base in Kabul.", "2025-03-02", "Jihadists", named=True))
    view = GraphView.load(store)
    hamas, jihadists = entity_named(store, "Hamas"), entity_named(store, "Jihadists")
    assert view.entities[jihadists].generic and not view.entities[hamas].generic
    assert not any(jihadists in (link.a, link.b) for link in org_links(view))


def test_the_flags_reach_the_export(store: Store) -> None:
    ingest(store, _with_date_source(_attack("Gunmen stormed a hotel in Kabul.", "2025-03-20", "Gunmen",
                                            date="2025-03", date_source="published")))
    out = io.StringIO()
    write_jsonl(store, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    (event,) = [r for r in rows if r["kind"] == "event"]
    assert (event["date"], event["date_source"]) == ("2025-03", "published")
    (gunmen,) = [r for r in rows if r["kind"] == "entity" and r["name"] == "Gunmen"]
    assert gunmen["generic"] is True
    assert not any(r.get("generic") for r in rows if r["kind"] == "entity" and r["name"] == "Kabul")


def test_a_text_date_wins_over_an_inferred_one(store: Store) -> None:
    ingest(store,
           _with_date_source(_attack("Gunmen stormed the Serena hotel in Kabul.", "2025-03-20", "Gunmen",
                                     named=True, date="2025-03", date_source="published")),
           _with_date_source(_attack("Hamas stormed the Serena hotel in Kabul on March 18.", "2025-03-21",
                                     "Hamas fighters", named=True, date="2025-03-18", date_source="text")))
    (event,) = store.events()
    assert (event.date, event.date_source) == ("2025-03-18", "text")
