"""One citation, everywhere: the CLI, the API and every export cite a quote by the same line, which keeps
its hedge and marks a syndicated copy, so a copy never reads as a second outlet."""
from __future__ import annotations

from click.testing import CliRunner

from linkwatch.analyse.citation import cite
from linkwatch.analyse.view import GraphView
from linkwatch.cli import main
from linkwatch.model import Certainty, Evidence
from linkwatch.web.views import Lookup, evidence

COPY = "Aggregator Daily (copy of Harbor Ledger)"


def test_a_copy_is_cited_as_a_copy_with_its_hedge(fiction) -> None:  # type: ignore[no-untyped-def]
    copy, original = fiction.docs["f2"], fiction.docs["f1"]
    quote = "which security officials say is a front for the NCB"
    start = copy.text.index(quote)
    e = Evidence(copy.id, start, start + len(quote), quote, "test.v1", Certainty.REPORTED, ("say",),
                 "security officials")
    c = cite(e, copy, original)
    assert c.outlet == COPY and c.hedge == "reported: say; per security officials"
    assert c.text() == (f'[reported: say; per security officials] "{quote}" '
                        f"({COPY}, 2024-11-04, https://aggregator.example/item/8841)")
    assert cite(e, original).outlet == "Harbor Ledger"
    assert cite(e, None).text().endswith(f"({copy.id})")  # a document the store no longer holds


def test_cli_and_web_cite_every_quote_alike(fiction) -> None:  # type: ignore[no-untyped-def]
    store, copy = fiction.store, fiction.docs["f2"]
    view, lookup = GraphView.load(store), Lookup(store)
    quotes = [e for r in store.relations() for e in r.evidence]
    assert any(e.doc == copy.id for e in quotes)
    for e in quotes:
        assert evidence(e, lookup).citation == view.cite(e)
    assert {evidence(e, lookup).doc_outlet for e in quotes if e.doc == copy.id} == {COPY}
    # The CLI prints the same lines, wrapped for a terminal: a copy is marked there too.
    result = CliRunner().invoke(main, ["timeline", "--db", str(store.path), "Tomas Varga"])
    assert result.exit_code == 0, result.output
    assert COPY in " ".join(result.output.split())
