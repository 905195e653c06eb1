"""Every linkwatch spaCy component, registered in one place.

Each factory name carries a version: change what a component writes and the
name changes with it (``linkwatch_roles_v2``), so stored extractions say which
rules made them. Components share their findings through
:mod:`linkwatch.extract.state`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from linkwatch.extract.actors import ParticipantFinder
from linkwatch.extract.aliases import AliasFinder
from linkwatch.extract.alliances import AllianceFinder
from linkwatch.extract.certainty import CertaintyJudge
from linkwatch.extract.events import EventFinder
from linkwatch.extract.furniture import DatelineBreaks, FurnitureFilter
from linkwatch.extract.gazetteer import EntityFixer, NameMerger, OrgTagger
from linkwatch.extract.learned import LearnedRelations
from linkwatch.extract.mentions import NameLinker
from linkwatch.extract.perpetrators import PerpetratorFinder
from linkwatch.extract.relations import RelationBuilder
from linkwatch.extract.relevance import RelevanceGate
from linkwatch.extract.reparse import LemmaRepair, ReducedRelatives
from linkwatch.extract.roles import RoleFinder


@Language.factory("linkwatch_sentences_v1")
def make_sentences(nlp: Language, name: str) -> NewlineSentences:
    return NewlineSentences(name)


class NewlineSentences:
    """A line break ends a sentence: headlines, captions and list items are not run into the next line."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc.text:
            return doc
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
            elif "\n" in tok.whitespace_:
                doc[tok.i + 1].is_sent_start = True
        return doc


@Language.factory("linkwatch_datelines_v1")
def make_datelines(nlp: Language, name: str) -> DatelineBreaks:
    return DatelineBreaks(name)


@Language.factory("linkwatch_name_merge_v1")
def make_name_merge(nlp: Language, name: str) -> NameMerger:
    return NameMerger(nlp, name)


@Language.factory("linkwatch_lemmas_v1")
def make_lemmas(nlp: Language, name: str) -> LemmaRepair:
    return LemmaRepair(name)


@Language.factory("linkwatch_reduced_relatives_v1")
def make_reduced_relatives(nlp: Language, name: str) -> ReducedRelatives:
    return ReducedRelatives(name)


@Language.factory("linkwatch_orgs_v1")
def make_orgs(nlp: Language, name: str) -> OrgTagger:
    return OrgTagger(nlp, name)


@Language.factory("linkwatch_entity_fixes_v1")
def make_entity_fixes(nlp: Language, name: str) -> EntityFixer:
    return EntityFixer(nlp, name)


@Language.factory("linkwatch_furniture_v1")
def make_furniture(nlp: Language, name: str) -> FurnitureFilter:
    return FurnitureFilter(nlp, name)


@Language.factory("linkwatch_names_v1")
def make_names(nlp: Language, name: str) -> NameLinker:
    return NameLinker(nlp, name)


@Language.factory("linkwatch_aliases_v1")
def make_aliases(nlp: Language, name: str) -> AliasFinder:
    return AliasFinder(nlp, name)


@Language.factory("linkwatch_relevance_v1", default_config={"gate": True})
def make_relevance(nlp: Language, name: str, gate: bool) -> RelevanceGate:
    return RelevanceGate(nlp, name, gate)


@Language.factory("linkwatch_roles_v1")
def make_roles(nlp: Language, name: str) -> RoleFinder:
    return RoleFinder(nlp, name)


@Language.factory("linkwatch_alliances_v1")
def make_alliances(nlp: Language, name: str) -> AllianceFinder:
    return AllianceFinder(nlp, name)


@Language.factory("linkwatch_events_v1")
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder(nlp, name)


@Language.factory("linkwatch_participants_v1")
def make_participants(nlp: Language, name: str) -> ParticipantFinder:
    return ParticipantFinder(nlp, name)


@Language.factory("linkwatch_perpetrators_v1")
def make_perpetrators(nlp: Language, name: str) -> PerpetratorFinder:
    return PerpetratorFinder(nlp, name)


@Language.factory("linkwatch_learned_relations_v1", default_config={"model": ""})
def make_learned_relations(nlp: Language, name: str, model: str) -> LearnedRelations:
    """Off (a no-op) unless `model` names a trained relation model (Settings.relation_model)."""
    return LearnedRelations(name, model)


@Language.factory("linkwatch_certainty_v1")
def make_certainty(nlp: Language, name: str) -> CertaintyJudge:
    return CertaintyJudge(nlp, name)


@Language.factory("linkwatch_relations_v1", default_config={"extractor": ""})
def make_relations(nlp: Language, name: str, extractor: str) -> RelationBuilder:
    return RelationBuilder(nlp, name, extractor)


# Order matters: merge names before the parser sees them; lay the gazetteer over the model's entities;
# join names into entities before anything looks for relations; let the trained back-off
# read only what no rule related; judge certainty once every claim exists.
BEFORE_MODEL = ("linkwatch_sentences_v1", "linkwatch_datelines_v1", "linkwatch_name_merge_v1")
AFTER_MODEL = ("linkwatch_lemmas_v1", "linkwatch_reduced_relatives_v1", "linkwatch_orgs_v1", "linkwatch_entity_fixes_v1", "linkwatch_furniture_v1", "linkwatch_names_v1",
               "linkwatch_aliases_v1", "linkwatch_relevance_v1", "linkwatch_roles_v1",
               "linkwatch_alliances_v1", "linkwatch_events_v1", "linkwatch_participants_v1", "linkwatch_perpetrators_v1",
               "linkwatch_learned_relations_v1", "linkwatch_certainty_v1",
               "linkwatch_relations_v1")
