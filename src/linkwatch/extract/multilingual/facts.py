"""Events, relations, dates and certainty in one sentence of Urdu, Hindi or Arabic text.

Everything is read inside one sentence, from the cue words of ``data/<lang>/lexicon.json``:

- an **event** for each event type whose trigger words the sentence holds (one per type and
  sentence), dated by the date words nearest its trigger (a year, a month and year, a day and month
  with the publication's year, a weekday or 'today' counted from the publication date, 'this year'),
  placed at the known place nearest it; an undated event in the lead (first three sentences) takes the
  publication date, and a trigger told again with no date or place of its own ('the attack') is the
  event already told;
- **claims**: a claim cue ties the group nearest it to the sentence's attack (or, where the sentence
  names none, the document's last attack): ``claimed_responsibility``, and ``carried_out`` on the
  claimant's word (reported); a perpetration cue gives ``carried_out``;
- **roles**: a role noun between a group and a person (Urdu/Hindi 'GROUP ROLE PERSON', Arabic
  'ROLE GROUP PERSON') gives ``leader_of`` / ``member_of``; a kin noun between two persons
  ``relative_of``;
- **group relations**: a group-relation phrase ties the two groups nearest it (data says which is
  the source); a bare organisation noun ('this organisation', 'the movement') stands for the group
  last named;
- **participants**: the persons of the event's sentence; for an event that is not an attack, also
  the groups written before its trigger (not those that only qualify a person by a role).

Certainty: a denial cue within a few words of the fact's own cue denies it; otherwise an unverified
cue anywhere in the sentence makes it unverified, a reporting cue reported, and nothing asserted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from linkwatch.extract.dates import parse_published
from linkwatch.extract.multilingual.lexicon import Lexicon, Token
from linkwatch.extract.multilingual.mentions import Found, locative
from linkwatch.model import Certainty, Evidence, LocalEvent, LocalRelation
from linkwatch.model.schema import schema
from linkwatch.text import script_fold

EXTRACTOR = "linkwatch.multilingual.v1"
DENIAL_WINDOW = 8  # words between a denial cue and the cue of the fact it denies
ROLE_WINDOW = 4  # words between a role noun and the group or person it ties
REPORT_DATE = 3  # words after a reporting verb within which a date is the report's own
SOURCE_WINDOW = 3  # words between a person and a reporting verb that make the person a source
GROUP_WINDOW = 12  # words between a group-relation phrase and each of the two groups it ties
PLACE_WINDOW = 8  # words between a trigger and the place of its event ('near Merca, 100 km from Mogadishu')
ORGANISER_WINDOW = 8  # words between 'mastermind' and the person named (Urdu puts the name after the clause)
_YEAR = re.compile(r"(19|20)\d\d")
_YEAR_IN = re.compile(r"((?:19|20)\d\d)\D{0,2}")  # a year, maybe with a suffix glued on (Urdu '2014ء')
LEAD = 3  # sentences of an article's lead: an undated event there is the news of the publication date
ATTACK = "attack"
GATHERING = "gathering"  # the event family of occasions where people come together (schema/events.yaml)


@dataclass
class Sentence:
    start: int  # characters
    end: int
    first: int  # tokens
    last: int  # exclusive


@dataclass
class Facts:
    events: list[LocalEvent] = field(default_factory=list)
    relations: list[LocalRelation] = field(default_factory=list)


class SentenceReader:
    def __init__(self, text: str, doc_id: str, tokens: list[Token], lex: Lexicon, published: str | None,
                 ref_of: dict[int, str], found: list[Found]) -> None:
        self.text, self.doc_id, self.tokens, self.lex = text, doc_id, tokens, lex
        self.published = published
        self.ref_of = ref_of  # token index -> local entity ref
        self.found = sorted(found, key=lambda f: f.first)
        self.place_refs = {ref_of[f.first] for f in found if f.type == "location"}
        self.facts = Facts()
        self.last_attack: LocalEvent | None = None
        self.sentence_no = 0  # sentences read so far
        self._trigger_keys: dict[str, str] = {}  # event ref -> folded trigger word
        self.role_orgs: set[str] = set()  # groups tied to a person by a role noun in the sentence being read

    # helpers ------------------------------------------------------------------
    def _mentions(self, s: Sentence, type_: str | None = None) -> list[Found]:
        return [f for f in self.found if s.first <= f.first < s.last and (type_ is None or f.type == type_)]

    def _evidence(self, s: Sentence, certainty: Certainty, cues: tuple[str, ...]) -> Evidence:
        return Evidence(self.doc_id, s.start, s.end, self.text[s.start:s.end], EXTRACTOR, certainty, cues)

    def certainty(self, s: Sentence, anchor: int) -> tuple[Certainty, tuple[str, ...]]:
        label, cues = Certainty.ASSERTED, []
        for first, n, value in self.lex.certainty.find(self.tokens, s.first, s.last):
            words = " ".join(t.text for t in self.tokens[first:first + n])
            if value == "denied" and abs(first - anchor) > DENIAL_WINDOW:
                continue
            cue = Certainty(value)
            cues.append(words)
            if _rank(cue) > _rank(label):
                label = cue
        return label, tuple(cues)

    def _local_certainty(self, s: Sentence, anchor: int) -> tuple[Certainty, tuple[str, ...]]:
        """Certainty of a role written as a noun phrase ('JeM chief X'): a presupposition, which the
        hedges of the clause around it do not reach; only doubts and denials within its own words do."""
        near = Sentence(s.start, s.end, max(s.first, anchor - ROLE_WINDOW), min(s.last, anchor + ROLE_WINDOW + 1))
        label, cues = self.certainty(near, anchor)
        # A verb of saying beside a role is what the person said ('said the group's spokesman X'), not a
        # doubt about the role: only a doubt or a denial among its own words reaches it.
        return (Certainty.ASSERTED, ()) if label is Certainty.REPORTED else (label, cues)

    def _relation(self, type_: str, source: str, target: str, s: Sentence, anchor: int,
                  certainty: tuple[Certainty, tuple[str, ...]] | None = None, role: str | None = None) -> None:
        if source == target:
            return
        label, cues = certainty or self.certainty(s, anchor)
        self.facts.relations.append(LocalRelation(type_, source, target, [self._evidence(s, label, cues)], role=role))

    def _org_refs(self, s: Sentence) -> list[tuple[int, str]]:
        """(token, ref) of every group the sentence names, or points back to with a bare organisation noun."""
        out = [(f.first, self.ref_of[f.first]) for f in self._mentions(s, "organization")]
        named = {f.first for f in self._mentions(s)}
        for first, n, noun in self.lex.org_nouns.find(self.tokens, s.first, s.last):
            pointing = first > s.first and self.tokens[first - 1].key in self.lex.demonstratives
            if not pointing and (first + n in named or first + n + 1 in named):
                continue  # the noun introduces a name ('the organisation X'), it points back to nothing
            ref = self._antecedent(first, noun)
            if ref:
                out.append((first, ref))
        return sorted(out)

    def _antecedent(self, i: int, noun: str) -> str | None:
        """The group a bare organisation noun at token `i` points back to: the last one the text
        introduced with the same noun ('the movement' -> the last 'movement X'), else the last group
        of the reference list named before it."""
        stem = _unarticled(script_fold(noun))
        orgs = [f for f in self.found if f.type == "organization" and f.last < i]
        same = [f for f in orgs if self._introduced_by(f) == stem]
        pick = same[-1] if same else next((f for f in reversed(orgs) if f.key), None)
        return self.ref_of[pick.first] if pick else None

    def _introduced_by(self, f: Found) -> str | None:
        """The organisation noun written just before a group's name ('the group X'), not one that points
        back itself ('this group')."""
        for j in range(f.first - 1, max(-1, f.first - 4), -1):
            found = self.lex.org_nouns.match(self.tokens, j, f.first)
            if not found or (j > 0 and self.tokens[j - 1].key in self.lex.demonstratives):
                continue
            gap = f.first - (j + found[0])  # a naming word may stand between: 'a group called X'
            naming = self.lex.names_after.match(self.tokens, j + found[0], f.first)
            if gap == 0 or (naming and naming[0] == gap):
                return _unarticled(script_fold(found[1]))
        return None

    # reading ------------------------------------------------------------------
    def read(self, s: Sentence) -> None:
        self.role_orgs = set()
        events = self._events(s)
        self._claims(s, events)
        self._organisers(s, events)
        self._roles(s)
        self._group_relations(s)
        for ev, trigger in events.values():
            self._participants(s, ev, trigger)
        self.sentence_no += 1

    def _events(self, s: Sentence) -> dict[str, tuple[LocalEvent, int]]:
        by_type: dict[str, list[int]] = {}
        for first, _n, etype in self.lex.events.find(self.tokens, s.first, s.last):
            by_type.setdefault(etype, []).append(first)
        dates = self._date_cues(s)
        all_triggers = [t for ts in by_type.values() for t in ts]
        out: dict[str, tuple[LocalEvent, int]] = {}
        for etype, triggers in by_type.items():
            # Of several triggers of one type, the one a date is written nearest to names the event; a
            # date belongs to the trigger nearest it, whatever its type.
            anchor = min(triggers, key=lambda t: min((abs(t - d) for d, _ in dates), default=0))
            own = [(d, v) for d, v in dates if min(all_triggers, key=lambda t: abs(t - d)) in triggers]
            date = min(own, key=lambda d: abs(d[0] - anchor))[1] if own else None
            place = self._place(s, anchor)
            # An attack told again ('the blast', 'the attack') with no date of its own is the attack
            # already told; an event of
            # another kind only when its trigger is the same word ('arrested' twice, not 'war' after
            # 'fighting'); any event told again with the same date is that event.
            key = self.tokens[anchor].bare
            earlier = [e for e in self.facts.events if e.type == etype and (
                etype == ATTACK or self._trigger_keys.get(e.ref) == key)]
            same_day = [e for e in earlier if date is not None and len(date) == 10 and e.date == date]
            # ... unless the sentence says it happened in another place ('a blast in Kandahar' after 'the
            # Parliament attack'): a place with the word for 'in' beside it, not one merely named.
            if place is not None and self._located_in(s, place):
                earlier = [e for e in earlier if e.location in (None, place)]
            if same_day or (earlier and date is None):
                ev = (same_day or earlier)[-1]
                ev.evidence.append(self._evidence(s, Certainty.ASSERTED, ()))
            else:
                if date is None and self.sentence_no < LEAD:
                    date = self.published  # news reports its own day's events first
                ev = LocalEvent(f"v{len(self.facts.events) + 1}", etype, [self._evidence(s, Certainty.ASSERTED, ())],
                                date=date, location=place, trigger=self.tokens[anchor].text)
                self.facts.events.append(ev)
                self._trigger_keys[ev.ref] = key
            out[etype] = (ev, anchor)
            if etype == ATTACK:
                self.last_attack = ev
        return out

    def _located_in(self, s: Sentence, place: str) -> bool:
        return any(locative(self.tokens, f, self.lex) for f in self._mentions(s, "location")
                   if self.ref_of[f.first] == place)

    def _place(self, s: Sentence, anchor: int) -> str | None:
        """The place written nearest the trigger; a town before a country when both are as near."""
        places = [f for f in self._mentions(s, "location") if min(abs(f.first - anchor), abs(f.last - anchor))
                  <= PLACE_WINDOW]
        if not places:
            return None
        best = min(places, key=lambda f: (min(abs(f.first - anchor), abs(f.last - anchor)), not f.city))
        return self.ref_of[best.first]

    def _date_cues(self, s: Sentence) -> list[tuple[int, str]]:
        """(token, date) of every date the sentence writes, as precise as its words, except a date that
        follows a reporting verb closely ('announced on Tuesday that ...'): it dates the report."""
        reports = [first for first, _n, v in self.lex.certainty.find(self.tokens, s.first, s.last) if v == "reported"]
        return [(t, d) for t, d in self._all_dates(s) if not any(0 < t - r <= REPORT_DATE for r in reports)]

    def _all_dates(self, s: Sentence) -> list[tuple[int, str]]:
        pub = parse_published(self.published)
        pub_year = self.published[:4] if self.published else None
        out: list[tuple[int, str]] = []
        beside_month: set[int] = set()
        for first, n, month in self.lex.months.find(self.tokens, s.first, s.last):
            day = self.tokens[first - 1].key if first > s.first else ""
            after = self.tokens[first + n].key if first + n < s.last else ""
            beside_month.update({first - 1, first + n})
            year = m.group(1) if (m := _YEAR_IN.fullmatch(after)) else pub_year
            if year is None:
                continue
            if day.isdigit() and 1 <= int(day) <= 31:
                out.append((first, f"{year}-{int(month):02d}-{int(day):02d}"))
            else:
                out.append((first, f"{year}-{int(month):02d}"))
        for t in range(s.first, s.last):
            m = _YEAR_IN.fullmatch(self.tokens[t].key)
            if m and t not in beside_month:
                out.append((t, m.group(1)))
        for first, _n, weekday in self.lex.weekdays.find(self.tokens, s.first, s.last):
            if pub:
                out.append((first, (pub - timedelta(days=(pub.weekday() - int(weekday)) % 7)).isoformat()))
            elif self.published:
                out.append((first, self.published))  # a day of the week before: the month published, at best
        for first, _n, _v in self.lex.today.find(self.tokens, s.first, s.last):
            if self.published:
                out.append((first, self.published))
        for first, _n, _v in self.lex.yesterday.find(self.tokens, s.first, s.last):
            if pub:
                out.append((first, (pub - timedelta(days=1)).isoformat()))
        for first, _n, _v in self.lex.this_year.find(self.tokens, s.first, s.last):
            if pub_year:
                out.append((first, pub_year))
        return out

    def _claims(self, s: Sentence, events: dict[str, tuple[LocalEvent, int]]) -> None:
        for first, _n, kind in self.lex.claims.find(self.tokens, s.first, s.last):
            event = events[ATTACK][0] if ATTACK in events else self.last_attack
            orgs = self._org_refs(s)
            if event is None or not orgs:
                continue
            # The group nearest the cue; on a tie the one before it (Urdu and Hindi put the subject first).
            _pos, org = min(orgs, key=lambda o: (abs(o[0] - first), o[0] > first))
            label, cues = self.certainty(s, first)
            if kind == "claim":
                self._relation("claimed_responsibility", org, event.ref, s, first, (label, cues))
                if label is not Certainty.DENIED:  # a claim is the claimant's word that it did it
                    strongest = label if _rank(label) > _rank(Certainty.REPORTED) else Certainty.REPORTED
                    self._relation("carried_out", org, event.ref, s, first, (strongest, cues))
            else:
                self._relation("carried_out", org, event.ref, s, first, (label, cues))
            if org not in event.participants:
                event.participants.append(org)

    def _organisers(self, s: Sentence, events: dict[str, tuple[LocalEvent, int]]) -> None:
        """'the mastermind of the blast, X': X organized the sentence's attack (or the last one told)."""
        for first, n, _v in self.lex.organisers.find(self.tokens, s.first, s.last):
            event = events[ATTACK][0] if ATTACK in events else self.last_attack
            person = self._near(s, first + n, first + n + ORGANISER_WINDOW, "person")
            if event is None or person is None:
                continue
            self._relation("organized", person, event.ref, s, first)
            if person not in event.organizers:
                event.organizers.append(person)

    def _roles(self, s: Sentence) -> None:
        for first, n, kind in self.lex.roles.find(self.tokens, s.first, s.last):
            person = self._near(s, first + n, first + n + ROLE_WINDOW, "person")
            if person is None:
                continue
            if kind == "relative_of":
                other = self._near(s, first - ROLE_WINDOW, first, "person", last=True)
                if other:
                    self._relation(kind, person, other, s, first, self._local_certainty(s, first),
                                   role=self.tokens[first].text)
                continue
            org = self._group_near(s, first - ROLE_WINDOW, first, last=True) or \
                self._group_near(s, first + n, first + n + ROLE_WINDOW)
            if org:
                self.role_orgs.add(org)
                self._relation(kind, person, org, s, first, self._local_certainty(s, first),
                               role=self.tokens[first].text)

    def _group_near(self, s: Sentence, lo: int, hi: int, last: bool = False) -> str | None:
        """The group named, or pointed back to by a bare organisation noun ('the group's spokesman X'),
        within tokens lo..hi of the sentence."""
        refs = [ref for pos, ref in self._org_refs(s) if max(lo, s.first) <= pos < min(hi, s.last)]
        named = self._near(s, lo, hi, "organization", last)
        return named or ((refs[-1] if last else refs[0]) if refs else None)

    def _near(self, s: Sentence, lo: int, hi: int, type_: str, last: bool = False) -> str | None:
        lo, hi = max(lo, s.first), min(hi, s.last)
        found = [f for f in self._mentions(s, type_) if lo <= f.first < hi or lo <= f.last < hi]
        if not found:
            return None
        return self.ref_of[(found[-1] if last else found[0]).first]

    def _group_relations(self, s: Sentence) -> None:
        for first, n, index in self.lex.group_cues.find(self.tokens, s.first, s.last):
            cue = self.lex.group_relations[int(index)]
            lo, hi = self._clause(s, first)
            lo, hi = max(lo, first - GROUP_WINDOW), min(hi, first + n + GROUP_WINDOW)
            orgs: list[tuple[int, str]] = []
            # Countries stand as parties too ('backed by Iran'): a tie to one is not read as a tie between
            # the groups around it; the schema's group relations join groups only.
            places = [(f.first, self.ref_of[f.first]) for f in self._mentions(s, "location")]
            refs = [o for o in self._org_refs(s) + places if lo <= o[0] < hi and not first <= o[0] < first + n]
            for pos, ref in sorted(refs, key=lambda o: abs(o[0] - first)):
                if ref not in (r for _, r in orgs):
                    orgs.append((pos, ref))
            if len(orgs) == 1 and lo > s.first:
                # A clause with one group and no subject of its own ('..., but later announced an alliance
                # with Daesh') goes on with the subject of the clause before: its first group.
                before = [o for o in self._org_refs(s) if self._clause(s, lo - 1)[0] <= o[0] < lo
                          and o[1] != orgs[0][1]]
                orgs += before[:1]
            if len(orgs) < 2 or any(ref in self.place_refs for _, ref in orgs[:2]):
                continue
            (_, a), (_, b) = sorted(orgs[:2])
            source, target = (a, b) if cue["source"] == "first" else (b, a)
            self._relation(cue["type"], source, target, s, first, role=cue["words"])

    def _clause(self, s: Sentence, i: int) -> tuple[int, int]:
        """The tokens of the clause around token `i`: cut at a comma or a clause-opening conjunction."""
        lo, hi = s.first, s.last
        for t in range(s.first + 1, s.last):
            gap = self.text[self.tokens[t - 1].end:self.tokens[t].start]
            brk = any(c in gap for c in ",،;؛") or bool(self.lex.clause_breaks.match(self.tokens, t))
            if brk and t <= i:
                lo = t
            elif brk and t > i:
                hi = t
                break
        return lo, hi

    def _participants(self, s: Sentence, ev: LocalEvent, trigger: int) -> None:
        """Who took part in an event its sentence tells: the persons named in it, and for an event that
        is not an attack the groups of its clause written before its trigger that do not just qualify a
        person with a role ('JuD chief X'), or where there are none, those after it."""
        groups: list[Found] = []
        if ev.type != ATTACK:
            lo, hi = self._clause(s, trigger)
            orgs = [f for f in self._mentions(s, "organization") if self.ref_of[f.first] not in self.role_orgs
                    and lo <= f.first < hi]
            groups = [f for f in orgs if f.last < trigger] or orgs
        reports = [first for first, _n, v in self.lex.certainty.find(self.tokens, s.first, s.last) if v == "reported"]
        speech = [first for first, _n, _v in self.lex.speech_verbs.find(self.tokens, s.first, s.last)]
        # A person next to a reporting verb ('X said', 'said the policeman X'), or in the clause of a verb of
        # saying ('X said in a statement'), is the source, not a participant.
        # A press conference or a meeting is where people speak: there the speaker took part.
        speaking = schema().event_family(ev.type) == GATHERING
        people = [f for f in self._mentions(s, "person") if speaking or (
            not any(abs(f.first - r) <= SOURCE_WINDOW or abs(f.last - r) <= SOURCE_WINDOW for r in reports)
            and not any(self._clause(s, f.first) == self._clause(s, v) for v in speech))]
        for f in people + groups:
            ref = self.ref_of[f.first]
            if ref in ev.participants:
                continue
            ev.participants.append(ref)
            self._relation("participated_in", ref, ev.ref, s, f.first)


def _unarticled(word: str) -> str:
    """An Arabic noun without its article, so 'الحركة' and 'حركة' are one noun."""
    return word[2:] if word.startswith("\u0627\u0644") and len(word) > 4 else word


def _rank(c: Certainty) -> int:
    """How far a label is from a plain statement: a denial or a doubt outweighs an attribution."""
    return {Certainty.ASSERTED: 0, Certainty.REPORTED: 1, Certainty.UNVERIFIED: 2, Certainty.DENIED: 3}[c]
