"""Closed vocabularies. Values are English keys as they appear in YAML; each has the Dutch
label that users read on screen and on paper."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Any


class Vocab(StrEnum):
    """A string enum whose members carry a Dutch label and Dutch words a user may type:
    `Member = "key", "label", ("short", "other word")`. The first alias is the short Dutch
    name shown in choice lists; the English key stays valid in YAML and scripts."""

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label: str = "", aliases: tuple[str, ...] = ()) -> Vocab:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        obj.aliases = aliases
        return obj

    @property
    def short(self) -> str:
        """The Dutch word for this value in a choice list or prompt."""
        return self.aliases[0] if self.aliases else self.label

    @classmethod
    def doc(cls) -> str:
        return "; ".join(f"{m.value} = {m.label}" for m in cls)

    @classmethod
    def lookup(cls, text: str) -> Vocab | None:
        """The member a user meant: its key, its Dutch label or one of its Dutch words
        (case, accents, hyphens and extra spaces do not matter)."""
        wanted = normalize(text)
        for member in cls:
            words = (member.value, member.label, *member.aliases)
            if any(normalize(w) == wanted for w in words):
                return member
        return None


def normalize(text: str) -> str:
    """Text as compared when a user types a choice: lower case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").split())


def label(value: Any) -> str:
    """The Dutch label of a vocabulary value, or the value itself."""
    return value.label if isinstance(value, Vocab) else str(value)


class Sector(Vocab):
    po = "po", "primair onderwijs", ("po",)
    sbo = "sbo", "speciaal basisonderwijs", ("sbo",)
    so = "so", "speciaal onderwijs", ("so",)
    vo = "vo", "voortgezet onderwijs", ("vo",)
    vso = "vso", "voortgezet speciaal onderwijs", ("vso",)
    mbo = "mbo", "middelbaar beroepsonderwijs", ("mbo",)


class Role(Vocab):
    ib = "ib", "intern begeleider", ("ib", "intern begeleider")
    directeur = "directeur", "directeur"
    zorgcoordinator = "zorgcoordinator", "zorgcoördinator", ("zorgcoördinator",)
    zat_coordinator = "zat_coordinator", "ZAT-coördinator", ("zat-coördinator",)
    zorgspecialist = "zorgspecialist", "zorg- en begeleidingsspecialist", ("zorgspecialist",)
    teacher = "teacher", "leerkracht", ("leerkracht", "juf", "meester", "leraar")
    mentor = "mentor", "mentor"
    smw = "smw", "schoolmaatschappelijk werker", ("smw", "schoolmaatschappelijk werk")
    jgz = (
        "jgz",
        "jeugdverpleegkundige of jeugdarts (JGZ)",
        ("jgz", "jeugdarts", "jeugdverpleegkundige"),
    )
    orthopedagoog = "orthopedagoog", "orthopedagoog"
    other = "other", "andere functie", ("anders",)


class PartnerKind(Vocab):
    swv = "swv", "samenwerkingsverband", ("swv",)
    local_team = "local_team", "lokaal team / wijkteam van de gemeente", ("lokaal team", "wijkteam")
    jgz = "jgz", "jeugdgezondheidszorg (GGD)", ("jgz", "ggd")
    smw = "smw", "schoolmaatschappelijk werk", ("smw",)
    youth_care = "youth_care", "jeugdhulpaanbieder", ("jeugdhulp",)
    ggz = "ggz", "geestelijke gezondheidszorg (GGZ)", ("ggz",)
    veilig_thuis = "veilig_thuis", "Veilig Thuis", ("veilig thuis",)
    leerplicht = "leerplicht", "leerplicht"
    police = "police", "politie", ("politie",)
    special_school = (
        "special_school",
        "school voor speciaal (basis)onderwijs",
        ("speciale school", "sbo", "so"),
    )
    other = "other", "anders"


class Sex(Vocab):
    girl = "girl", "meisje"
    boy = "boy", "jongen"
    other = "other", "anders of onbekend", ("anders", "onbekend")


class Relation(Vocab):
    mother = "mother", "moeder"
    father = "father", "vader"
    parent = "parent", "ouder"
    step_parent = "step_parent", "stiefouder"
    foster_parent = "foster_parent", "pleegouder"
    guardian = "guardian", "voogd"
    family_guardian = "family_guardian", "gezinsvoogd"
    grandparent = "grandparent", "grootouder"
    other = "other", "anders"


class Custody(Vocab):
    joint = "joint", "beide ouders hebben gezag", ("beide ouders", "gezamenlijk")
    sole = "sole", "één ouder heeft gezag", ("één ouder", "eenhoofdig")
    joint_non_parent = (
        "joint_non_parent",
        "gezamenlijk gezag van een ouder en een niet-ouder",
        ("ouder en niet-ouder",),
    )
    guardianship = "guardianship", "voogdij", ("voogdij",)
    supervision_order = (
        "supervision_order",
        "ondertoezichtstelling (OTS)",
        ("ots", "ondertoezichtstelling"),
    )
    unknown = "unknown", "onbekend", ("onbekend",)


class Category(Vocab):
    learning = "learning", "leerproblemen", ("leren",)
    development = "development", "ontwikkelingsproblemen", ("ontwikkeling",)
    behaviour = "behaviour", "gedragsproblemen", ("gedrag",)
    social_emotional = "social_emotional", "sociaal-emotionele problemen", ("sociaal-emotioneel",)
    anxiety = "anxiety", "angst of somberheid", ("angst", "somberheid")
    family = "family", "opvoed- of gezinsproblemen", ("gezin", "opvoeding")
    safety = "safety", "zorg over veiligheid (huiselijk geweld, verwaarlozing)", ("veiligheid",)
    absence = "absence", "verzuim", ("verzuim",)
    substance_use = "substance_use", "middelengebruik", ("middelen",)
    physical = "physical", "lichamelijke of psychosomatische klachten", ("lichamelijk",)
    speech_language = "speech_language", "spraak en taal", ("taal", "spraak")
    giftedness = "giftedness", "(hoog)begaafdheid", ("begaafdheid", "hoogbegaafdheid")
    other = "other", "anders", ("anders",)


class Setting(Vocab):
    classroom = "classroom", "in de klas", ("klas",)
    school = "school", "op school, buiten de klas", ("school",)
    home = "home", "thuis", ("thuis",)
    leisure = "leisure", "in de vrije tijd", ("vrije tijd",)
    other = "other", "elders", ("elders",)


class Since(Vocab):
    weeks = "weeks", "een paar weken", ("weken",)
    months = "months", "een paar maanden", ("maanden",)
    half_year = "half_year", "een half jaar tot een jaar", ("half jaar", "jaar")
    longer = "longer", "langer dan een jaar", ("langer",)


class Initiative(Vocab):
    teacher = "teacher", "de leerkracht of mentor", ("leerkracht", "mentor")
    pupil = "pupil", "de leerling zelf", ("leerling",)
    classmate = "classmate", "een klasgenoot", ("klasgenoot",)
    parents = "parents", "de ouders", ("ouders",)
    ib = "ib", "de intern begeleider", ("ib", "intern begeleider")
    other = "other", "iemand anders", ("anders",)


class PlanType(Vocab):
    group_plan = "group_plan", "groepsplan", ("groepsplan",)
    action_plan = "action_plan", "handelingsplan", ("handelingsplan",)
    opp = "opp", "ontwikkelingsperspectiefplan (OPP)", ("opp",)


class Outcome(Vocab):
    met = "met", "doel gehaald", ("gehaald",)
    partly = "partly", "doel deels gehaald", ("deels gehaald", "deels")
    not_met = "not_met", "doel niet gehaald", ("niet gehaald",)


class ContactKind(Vocab):
    signal = "signal", "gesprek over de signalen", ("signalen",)
    before_care_team = (
        "before_care_team",
        "gesprek voor het zorgteam",
        ("voor zorgteam", "voor het zorgteam"),
    )
    after_care_team = (
        "after_care_team",
        "gesprek na het zorgteam",
        ("na zorgteam", "na het zorgteam"),
    )
    before_zat = (
        "before_zat",
        "gesprek voor de aanmelding bij het ZAT",
        ("voor zat", "voor het zat"),
    )
    zat_intake = "zat_intake", "intake van het ZAT", ("zat-intake", "intake")
    zat_outcome = "zat_outcome", "bespreking van de uitkomst van het ZAT", ("uitkomst zat",)
    before_mdo = "before_mdo", "gesprek voor het MDO", ("voor mdo", "voor het mdo")
    plan = "plan", "bespreking van het handelingsplan", ("handelingsplan",)
    evaluation = "evaluation", "evaluatiegesprek", ("evaluatie",)
    referral = "referral", "gesprek over een verwijzing", ("verwijzing",)
    other = "other", "ander gesprek", ("anders",)


class Participant(Vocab):
    parents = "parents", "ouders", ("ouders",)
    pupil = "pupil", "leerling", ("leerling",)
    teacher = "teacher", "leerkracht", ("leerkracht",)
    ib = "ib", "intern begeleider", ("ib",)
    other = "other", "anderen", ("anderen",)


class Forum(Vocab):
    groepsbespreking = "groepsbespreking", "groepsbespreking", ("groepsbespreking",)
    leerlingbespreking = "leerlingbespreking", "leerlingbespreking", ("leerlingbespreking",)
    zorgteam = "zorgteam", "zorgteam van de school", ("zorgteam",)
    zat = "zat", "zorg- en adviesteam (ZAT)", ("zat",)
    mdo = "mdo", "multidisciplinair overleg (MDO)", ("mdo",)


class Basis(Vocab):
    written_consent = (
        "written_consent",
        "schriftelijke toestemming",
        ("schriftelijke toestemming", "toestemming"),
    )
    no_objection_notice = (
        "no_objection_notice",
        "kennisgeving zonder bezwaar (instemming)",
        ("kennisgeving", "instemming", "geen bezwaar"),
    )
    objection = "objection", "bezwaar van ouders of leerling", ("bezwaar",)
    refusal = "refusal", "weigering", ("weigering",)
    withdrawal = "withdrawal", "intrekking van toestemming", ("intrekking",)
    anonymous = "anonymous", "anonieme bespreking", ("anoniem",)
    exception = (
        "exception",
        "bespreking zonder toestemming (besluit directeur)",
        ("uitzondering", "zonder toestemming"),
    )
    exception_end = (
        "exception_end",
        "einde van de bespreking zonder toestemming",
        ("einde uitzondering",),
    )


class Purpose(Vocab):
    discussion = "discussion", "bespreking in het overleg", ("bespreking",)
    assessment = "assessment", "onderzoek", ("onderzoek",)
    report_exchange = (
        "report_exchange",
        "uitwisselen van verslagen",
        ("verslagen uitwisselen", "verslagen"),
    )
    institution_feedback = (
        "institution_feedback",
        "terugkoppeling door een instelling",
        ("terugkoppeling",),
    )
    referral = "referral", "aanmelding bij een instelling", ("aanmelding",)


class ExceptionGround(Vocab):
    threatening_upbringing = (
        "threatening_upbringing",
        "bedreigende opvoedingssituatie",
        ("bedreigende opvoeding",),
    )
    vital_interest = "vital_interest", "vitaal belang van het kind", ("vitaal belang",)


class Trigger(Vocab):
    too_little_profit = (
        "too_little_profit",
        "profiteert herhaaldelijk te weinig van het groepsplan",
        ("te weinig profijt",),
    )
    needs_unclear = (
        "needs_unclear",
        "ontwikkelingsperspectief of onderwijsbehoeften blijven onduidelijk",
        ("onduidelijk",),
    )
    serious_concern = (
        "serious_concern",
        "vermoeden van ernstige problemen bij kind of gezin",
        ("ernstige zorg", "ernstige problemen"),
    )


class MeetingRole(Vocab):
    chair = "chair", "voorzitter"
    minutes = "minutes", "notulist"
    presenter = "presenter", "inbrenger"
    member = "member", "lid"
    guest = "guest", "gast"


class Decision(Vocab):
    continue_plan = "continue_plan", "doorgaan met het huidige plan", ("doorgaan",)
    action_plan = "action_plan", "een handelingsplan opstellen", ("handelingsplan",)
    advice = (
        "advice",
        "handelingsadviezen voor leerkracht en ouders",
        ("handelingsadviezen", "advies"),
    )
    light_help = "light_help", "lichte ambulante hulp (bijvoorbeeld SMW)", ("lichte hulp",)
    diagnostics = "diagnostics", "handelingsgerichte diagnostiek", ("diagnostiek",)
    guide_to_care = (
        "guide_to_care",
        "ouders toeleiden naar zorg",
        ("toeleiden naar zorg", "toeleiden"),
    )
    register_care_team = (
        "register_care_team",
        "aanmelden bij het zorgteam",
        ("naar zorgteam", "aanmelden zorgteam"),
    )
    pass_to_zat = "pass_to_zat", "doorgeven aan het ZAT", ("naar zat", "doorgeven aan zat")
    extra_support = (
        "extra_support",
        "extra ondersteuning aanvragen bij het samenwerkingsverband",
        ("extra ondersteuning",),
    )
    refer = "refer", "verwijzen", ("verwijzen",)
    close = "close", "afsluiten", ("afsluiten",)
    youth_care = (
        "youth_care",
        "jeugdhulp inzetten (besluit van het lokale team)",
        ("jeugdhulp",),
    )


class ActionStatus(Vocab):
    open = "open", "open"
    done = "done", "gedaan"
    lapsed = "lapsed", "vervallen"
    carried_over = "carried_over", "doorgeschoven"


class Destination(Vocab):
    sbo = "sbo", "speciaal basisonderwijs (SBO)", ("sbo",)
    so = "so", "speciaal onderwijs (SO)", ("so",)
    vso = "vso", "voortgezet speciaal onderwijs (VSO)", ("vso",)
    extra_support = (
        "extra_support",
        "arrangement van het samenwerkingsverband",
        ("arrangement", "extra ondersteuning"),
    )
    youth_care = "youth_care", "jeugdhulp via het lokale team", ("jeugdhulp", "lokaal team")
    ggz = "ggz", "geestelijke gezondheidszorg (GGZ)", ("ggz",)
    veilig_thuis = "veilig_thuis", "Veilig Thuis", ("veilig thuis",)
    leerplicht = "leerplicht", "leerplicht", ("leerplicht",)
    jgz = "jgz", "jeugdgezondheidszorg", ("jgz",)
    other = "other", "anders", ("anders",)


SPECIAL_EDUCATION = frozenset({Destination.sbo, Destination.so, Destination.vso})


class ReferralStatus(Vocab):
    sent = "sent", "verstuurd"
    accepted = "accepted", "aangenomen"
    waiting_list = "waiting_list", "op de wachtlijst", ("wachtlijst",)
    started = "started", "hulp gestart", ("gestart",)
    finished = "finished", "afgerond"
    broken_off = "broken_off", "afgebroken"
    refused = "refused", "geweigerd"


class FeedbackKind(Vocab):
    registration_confirmed = "registration_confirmed", "aanmelding bevestigd", ("bevestigd",)
    screening = "screening", "screening of intake gedaan", ("screening", "intake")
    decision = "decision", "besluit genomen", ("besluit",)
    waiting_list = "waiting_list", "op de wachtlijst gezet", ("wachtlijst",)
    care_started = "care_started", "hulp gestart", ("hulp gestart", "gestart")
    care_ended = "care_ended", "hulp beëindigd", ("hulp beëindigd", "beëindigd")
    passed_on = "passed_on", "doorverwezen naar een andere instelling", ("doorverwezen",)
    school_task = "school_task", "taak van de school in het hulpplan", ("taak school",)
    refused = "refused", "aanmelding niet aangenomen", ("niet aangenomen", "geweigerd")
    other = "other", "anders", ("anders",)


class CareFor(Vocab):
    pupil = "pupil", "de leerling", ("leerling",)
    parents = "parents", "de ouders", ("ouders",)
    family = "family", "het gezin", ("gezin",)


class ClosureReason(Vocab):
    goals_met = "goals_met", "doelen gehaald", ("doelen gehaald",)
    care_taken_over = (
        "care_taken_over",
        "zorg overgenomen door een andere instelling",
        ("zorg overgenomen", "overgenomen"),
    )
    moved = "moved", "verhuisd", ("verhuisd",)
    left_school = "left_school", "van school gegaan", ("van school",)
    stopped = "stopped", "gestopt", ("gestopt",)


# --- family and the pupil's own say (dated records) ------------------------------------


class VoiceDecision(Vocab):
    refuses_info = "refuses_info", "wil geen informatie naar de ouder(s)"
    agrees_contact = "agrees_contact", "stemt in met contact met de ouder(s)"


class RequestKind(Vocab):
    information = "information", "informatie over de leerling"
    inspection = "inspection", "inzage in het dossier"


class AnswerOutcome(Vocab):
    given = "given", "gegeven"
    partly = "partly", "gedeeltelijk gegeven"
    refused = "refused", "geweigerd"


class RegistryAction(Vocab):
    registered = "registered", "gemeld in de Verwijsindex"
    withdrawn = "withdrawn", "melding in de Verwijsindex ingetrokken"


# What each route rule asks for, as the `routes` overview shows it (rule names are keys in
# route files, never shown to a user).
RULE_LABELS: dict[str, str] = {
    "help_question": "een duidelijke hulpvraag",
    "trigger": "een aanleiding voor het zorgteam",
    "evaluated_plans": "geëvalueerde plannen",
    "tried_with_results": "wat er al is gedaan, met resultaat",
    "conversation_before": "een gesprek met de ouders vooraf",
    "pending_conversations": "geen openstaande oudergesprekken",
    "basis_for_discussion": "een grondslag om de leerling te bespreken",
    "registered": "een aanmelding voor dit overleg",
    "decision": "een besluit van het vorige overleg",
    "concrete_actions": "concrete afspraken (wie, wat, wanneer)",
    "handelingsverlegenheid": "de handelingsverlegenheid van de school",
    "directeur_signoff": "ondertekening door de directeur",
    "local_team_of_home_municipality": "het lokale team van de woongemeente",
    "known_partner": "een instelling uit de partnerlijst",
    "parents_present": "ouders aan tafel",
    "plan_of_type": "een plan van de juiste soort",
    "record_exists": "een eerder record",
    "open_case": "een open dossier",
    "closed_case": "een afgesloten dossier",
    "plan_exists": "een plan om te evalueren",
    "referral_exists": "een verwijzing",
    "step_order": "de volgorde van de route",
    "composition": "de samenstelling die de route voor het overleg noemt",
    "stuck_past_norm": "een dossier dat langer dan de norm vastzit",
    "meldcode_order": "de volgorde van de meldcode",
    "meldcode_report": "een melding bij Veilig Thuis bij onveiligheid",
    "mandate": "het mandaat van het lokale team van de woongemeente",
    "doorbraak_outcome": "een uitkomst bij een eerdere voorlegging",
    "basis_for_table": "een grondslag om de leerling voor te leggen aan een doorbraaktafel",
    # documents
    "contact_person": "een contactpersoon van de school",
    "attachments_shared": "toestemming voor elke bijlage",
    "tlv_parts": "alle onderdelen van een TLV-aanvraag",
    # instruments
    "sdq_score": "een verhoogde score op de SDQ",
    "evidence": "een onderbouwing uit dit dossier",
}


def rule_label(rule: str) -> str:
    return RULE_LABELS.get(rule, rule.replace("_", " "))


# --- the full form set ----------------------------------------------------------------


class Expertise(Vocab):
    orthopedagoog = "orthopedagoog", "orthopedagoog"
    psycholoog = "psycholoog", "psycholoog"
    jeugdarts = "jeugdarts", "jeugdarts"
    schoolmaatschappelijk_werker = "smw", "schoolmaatschappelijk werker"
    intern_begeleider = "ib", "intern begeleider"
    other = "other", "andere deskundige"


class SignedDocument(Vocab):
    action_plan = "action_plan", "handelingsplan"
    opp = "opp", "ontwikkelingsperspectiefplan (OPP)"
    tlv_request = "tlv_request", "aanvraag van een toelaatbaarheidsverklaring"


# --- the route as schools run it today: meldcode, MDO with mandate, doorbraak ------------


class MeldcodeStepKind(Vocab):
    """The five steps of the meldcode huiselijk geweld en kindermishandeling, in order."""

    signals = "signals", "stap 1: signalen in kaart brengen", ("signalen",)
    consult = (
        "consult",
        "stap 2: collega raadplegen en zo nodig Veilig Thuis om advies vragen",
        ("raadplegen", "consultatie"),
    )
    talk = "talk", "stap 3: gesprek met de leerling en de ouders", ("gesprek",)
    weigh = "weigh", "stap 4: wegen met het afwegingskader", ("wegen",)
    decide = "decide", "stap 5: beslissen over melden en hulp", ("beslissen",)


class MeldcodeDecision(Vocab):
    report_vt = "report_vt", "melden bij Veilig Thuis", ("melden",)
    organise_help = "organise_help", "hulp bieden of organiseren", ("hulp",)
    no_concern = "no_concern", "geen zorgen meer: de meldcode stopt", ("geen zorgen",)


class StuckReason(Vocab):
    no_mandate = "no_mandate", "besluit over jeugdhulp zonder mandaat", ("zonder mandaat",)
    waiting_list = "waiting_list", "wachtlijst", ("wachtlijst",)
    no_start = "no_start", "hulp niet gestart", ("niet gestart",)


# --- instruments: SDQ, absence, tests (issue 18) ------------------------------------------


class SdqVersion(Vocab):
    teacher = "teacher", "leerkrachtversie", ("leerkracht",)
    parent = "parent", "ouderversie", ("ouder",)
    self = "self", "zelfrapportage van de leerling", ("zelf", "leerling")
