"""Analysis over a store, as pure functions of a :class:`~linkwatch.analyse.view.GraphView`.

- view: one read of the store; every relation and event role as a graded, sourced :class:`Hop`
- links: the organisation link graph (shared events, fronts, alliances, meetings, shared members)
- paths: evidence paths and the shortest ones between two actors
- timeline: an entity's dated and undated items, at the precision the sources give
- alerts: what changed since a time (new links and fronts, grade changes, new sources, watched actors)
- network: centrality and communities (networkx)
- classify: which actors are militant, and why (for STIX threat-actor / identity)
- lookup: find an entity from a name, alias, id or near miss
"""
