"""A name found in one document, while the name linker clusters it.

Its own module because two modules work on it: the name linker (``mentions``) builds and
clusters these, and the label fixer (``labels``) corrects their entity labels in between.
"""
from __future__ import annotations

from linkwatch.extract.state import OrgMatch


class NameMention:
    __slots__ = ("start", "end", "label", "org", "cluster", "title_start", "alias_of")

    def __init__(self, start: int, end: int, label: str, org: OrgMatch | None = None,
                 alias_of: NameMention | None = None) -> None:
        self.start, self.end, self.label, self.org = start, end, label, org
        self.cluster: int | None = None
        self.title_start = start  # where the title before the name starts ('Dr.' of 'Dr. Khaled Qaddoumi')
        self.alias_of = alias_of  # an acronym joins the cluster of the name it abbreviates
