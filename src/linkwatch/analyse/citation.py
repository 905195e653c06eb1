"""How linkwatch cites one piece of evidence, everywhere: the CLI, the web app, the exports and the brief.

A citation keeps the hedge (``[reported: analysts say; per NDTV]``), the quote, and where it came
from: the outlet, marked when the document is a syndicated copy (``Aggregator Daily (copy of Harbor
Ledger)``) so a list of outlets never passes a copy off as a second source, then the publication
date and the URL. One function builds it, so no surface drifts from the others.
"""
from __future__ import annotations

from dataclasses import dataclass

from linkwatch.model import Certainty, Document, Evidence


@dataclass(frozen=True)
class Citation:
    quote: str
    hedge: str | None  # "reported: is said to; per security officials"; None when asserted
    outlet: str | None  # the outlet, "(copy of ...)" when the document is a copy
    published: str | None
    url: str | None
    doc: str

    @property
    def where(self) -> str:
        """Outlet, date and URL, as far as they are known; the document id when nothing is."""
        return ", ".join(x for x in (self.outlet, self.published, self.url) if x) or self.doc

    def text(self) -> str:
        """One line that keeps the hedge: [reported: cues; per X] "quote" (outlet, date, url)."""
        return f'{f"[{self.hedge}] " if self.hedge else ""}"{self.quote}" ({self.where})'


def hedge(e: Evidence) -> str | None:
    """The label shown before a quote the source did not state in its own voice, with its cues and who said it."""
    if e.certainty is Certainty.ASSERTED:
        return None
    extra = ", ".join(e.cues)
    if e.attribution:
        extra = f"{extra}; per {e.attribution}" if extra else f"per {e.attribution}"
    return f"{e.certainty.value}{': ' + extra if extra else ''}"


def outlet_label(doc: Document | None, original: Document | None = None) -> str | None:
    """The outlet of `doc`; when it is a copy of `original`, says so."""
    if doc is None:
        return None
    name = doc.source or doc.origin
    if original is not None:
        return f"{name} (copy of {original.source or original.origin})"
    return name


def cite(e: Evidence, doc: Document | None, original: Document | None = None) -> Citation:
    """Cite `e`, found in `doc` (None when the store no longer has it); `original` is the document `doc`
    is a near-duplicate copy of, if any."""
    return Citation(e.quote, hedge(e), outlet_label(doc, original), doc.published if doc else None,
                    doc.url if doc else None, e.doc)
