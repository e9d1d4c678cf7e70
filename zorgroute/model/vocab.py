"""Closed vocabularies. Values are English keys as they appear in YAML; each has the Dutch
label that users read on screen and on paper."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Vocab(StrEnum):
    """A string enum whose members carry a Dutch label: `Member = "key", "label"`."""

    label: str

    def __new__(cls, value: str, label: str = "") -> Vocab:
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label or value
        return obj

    @classmethod
    def doc(cls) -> str:
        return "; ".join(f"{m.value} = {m.label}" for m in cls)


def label(value: Any) -> str:
    """The Dutch label of a vocabulary value, or the value itself."""
    return value.label if isinstance(value, Vocab) else str(value)


class Sector(Vocab):
    po = "po", "primair onderwijs"
    sbo = "sbo", "speciaal basisonderwijs"
    so = "so", "speciaal onderwijs"
    vo = "vo", "voortgezet onderwijs"
    vso = "vso", "voortgezet speciaal onderwijs"
    mbo = "mbo", "middelbaar beroepsonderwijs"


class Role(Vocab):
    ib = "ib", "intern begeleider"
    directeur = "directeur", "directeur"
    zorgcoordinator = "zorgcoordinator", "zorgcoördinator"
    zat_coordinator = "zat_coordinator", "ZAT-coördinator"
    zorgspecialist = "zorgspecialist", "zorg- en begeleidingsspecialist"
    teacher = "teacher", "leerkracht"
    mentor = "mentor", "mentor"
    smw = "smw", "schoolmaatschappelijk werker"
    jgz = "jgz", "jeugdverpleegkundige of jeugdarts (JGZ)"
    orthopedagoog = "orthopedagoog", "orthopedagoog"
    other = "other", "andere functie"


class PartnerKind(Vocab):
    swv = "swv", "samenwerkingsverband"
    local_team = "local_team", "lokaal team / wijkteam van de gemeente"
    jgz = "jgz", "jeugdgezondheidszorg (GGD)"
    smw = "smw", "schoolmaatschappelijk werk"
    youth_care = "youth_care", "jeugdhulpaanbieder"
    ggz = "ggz", "geestelijke gezondheidszorg (GGZ)"
    veilig_thuis = "veilig_thuis", "Veilig Thuis"
    leerplicht = "leerplicht", "leerplicht"
    police = "police", "politie"
    special_school = "special_school", "school voor speciaal (basis)onderwijs"
    other = "other", "anders"


class Sex(Vocab):
    girl = "girl", "meisje"
    boy = "boy", "jongen"
    other = "other", "anders of onbekend"


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
    joint = "joint", "beide ouders hebben gezag"
    sole = "sole", "één ouder heeft gezag"
    joint_non_parent = "joint_non_parent", "gezamenlijk gezag van een ouder en een niet-ouder"
    guardianship = "guardianship", "voogdij"
    supervision_order = "supervision_order", "ondertoezichtstelling (OTS)"
    unknown = "unknown", "onbekend"


class Category(Vocab):
    learning = "learning", "leerproblemen"
    development = "development", "ontwikkelingsproblemen"
    behaviour = "behaviour", "gedragsproblemen"
    social_emotional = "social_emotional", "sociaal-emotionele problemen"
    anxiety = "anxiety", "angst of somberheid"
    family = "family", "opvoed- of gezinsproblemen"
    safety = "safety", "zorg over veiligheid (huiselijk geweld, verwaarlozing)"
    absence = "absence", "verzuim"
    substance_use = "substance_use", "middelengebruik"
    physical = "physical", "lichamelijke of psychosomatische klachten"
    speech_language = "speech_language", "spraak en taal"
    giftedness = "giftedness", "(hoog)begaafdheid"
    other = "other", "anders"


class Setting(Vocab):
    classroom = "classroom", "in de klas"
    school = "school", "op school, buiten de klas"
    home = "home", "thuis"
    leisure = "leisure", "in de vrije tijd"
    other = "other", "elders"


class Since(Vocab):
    weeks = "weeks", "een paar weken"
    months = "months", "een paar maanden"
    half_year = "half_year", "een half jaar tot een jaar"
    longer = "longer", "langer dan een jaar"


class Initiative(Vocab):
    teacher = "teacher", "de leerkracht of mentor"
    pupil = "pupil", "de leerling zelf"
    classmate = "classmate", "een klasgenoot"
    parents = "parents", "de ouders"
    ib = "ib", "de intern begeleider"
    other = "other", "iemand anders"


class PlanType(Vocab):
    group_plan = "group_plan", "groepsplan"
    action_plan = "action_plan", "handelingsplan"
    opp = "opp", "ontwikkelingsperspectiefplan (OPP)"


class Outcome(Vocab):
    met = "met", "doel gehaald"
    partly = "partly", "doel deels gehaald"
    not_met = "not_met", "doel niet gehaald"


class ContactKind(Vocab):
    signal = "signal", "gesprek over de signalen"
    before_care_team = "before_care_team", "gesprek voor het zorgteam"
    after_care_team = "after_care_team", "gesprek na het zorgteam"
    before_zat = "before_zat", "gesprek voor de aanmelding bij het ZAT"
    zat_intake = "zat_intake", "intake van het ZAT"
    zat_outcome = "zat_outcome", "bespreking van de uitkomst van het ZAT"
    before_mdo = "before_mdo", "gesprek voor het MDO"
    plan = "plan", "bespreking van het handelingsplan"
    evaluation = "evaluation", "evaluatiegesprek"
    referral = "referral", "gesprek over een verwijzing"
    other = "other", "ander gesprek"


class Participant(Vocab):
    parents = "parents", "ouders"
    pupil = "pupil", "leerling"
    teacher = "teacher", "leerkracht"
    ib = "ib", "intern begeleider"
    other = "other", "anderen"


class Forum(Vocab):
    groepsbespreking = "groepsbespreking", "groepsbespreking"
    leerlingbespreking = "leerlingbespreking", "leerlingbespreking"
    zorgteam = "zorgteam", "zorgteam van de school"
    zat = "zat", "zorg- en adviesteam (ZAT)"
    mdo = "mdo", "multidisciplinair overleg (MDO)"


class Basis(Vocab):
    written_consent = "written_consent", "schriftelijke toestemming"
    no_objection_notice = "no_objection_notice", "kennisgeving zonder bezwaar (instemming)"
    objection = "objection", "bezwaar van ouders of leerling"
    refusal = "refusal", "weigering"
    withdrawal = "withdrawal", "intrekking van toestemming"
    anonymous = "anonymous", "anonieme bespreking"
    exception = "exception", "bespreking zonder toestemming (besluit directeur)"
    exception_end = "exception_end", "einde van de bespreking zonder toestemming"


class Purpose(Vocab):
    discussion = "discussion", "bespreking in het overleg"
    assessment = "assessment", "onderzoek"
    report_exchange = "report_exchange", "uitwisselen van verslagen"
    institution_feedback = "institution_feedback", "terugkoppeling door een instelling"
    referral = "referral", "aanmelding bij een instelling"


class ExceptionGround(Vocab):
    threatening_upbringing = "threatening_upbringing", "bedreigende opvoedingssituatie"
    vital_interest = "vital_interest", "vitaal belang van het kind"


class Trigger(Vocab):
    too_little_profit = "too_little_profit", "profiteert herhaaldelijk te weinig van het groepsplan"
    needs_unclear = (
        "needs_unclear",
        "ontwikkelingsperspectief of onderwijsbehoeften blijven onduidelijk",
    )
    serious_concern = "serious_concern", "vermoeden van ernstige problemen bij kind of gezin"


class MeetingRole(Vocab):
    chair = "chair", "voorzitter"
    minutes = "minutes", "notulist"
    presenter = "presenter", "inbrenger"
    member = "member", "lid"
    guest = "guest", "gast"


class Decision(Vocab):
    continue_plan = "continue_plan", "doorgaan met het huidige plan"
    action_plan = "action_plan", "een handelingsplan opstellen"
    advice = "advice", "handelingsadviezen voor leerkracht en ouders"
    light_help = "light_help", "lichte ambulante hulp (bijvoorbeeld SMW)"
    diagnostics = "diagnostics", "handelingsgerichte diagnostiek"
    guide_to_care = "guide_to_care", "ouders toeleiden naar zorg"
    register_care_team = "register_care_team", "aanmelden bij het zorgteam"
    pass_to_zat = "pass_to_zat", "doorgeven aan het ZAT"
    extra_support = "extra_support", "extra ondersteuning aanvragen bij het samenwerkingsverband"
    refer = "refer", "verwijzen"
    close = "close", "afsluiten"


class ActionStatus(Vocab):
    open = "open", "open"
    done = "done", "gedaan"
    lapsed = "lapsed", "vervallen"
    carried_over = "carried_over", "doorgeschoven"


class Destination(Vocab):
    sbo = "sbo", "speciaal basisonderwijs (SBO)"
    so = "so", "speciaal onderwijs (SO)"
    vso = "vso", "voortgezet speciaal onderwijs (VSO)"
    extra_support = "extra_support", "arrangement van het samenwerkingsverband"
    youth_care = "youth_care", "jeugdhulp via het lokale team"
    ggz = "ggz", "geestelijke gezondheidszorg (GGZ)"
    veilig_thuis = "veilig_thuis", "Veilig Thuis"
    leerplicht = "leerplicht", "leerplicht"
    jgz = "jgz", "jeugdgezondheidszorg"
    other = "other", "anders"


SPECIAL_EDUCATION = frozenset({Destination.sbo, Destination.so, Destination.vso})


class ReferralStatus(Vocab):
    sent = "sent", "verstuurd"
    accepted = "accepted", "aangenomen"
    waiting_list = "waiting_list", "op de wachtlijst"
    started = "started", "hulp gestart"
    finished = "finished", "afgerond"
    broken_off = "broken_off", "afgebroken"
    refused = "refused", "geweigerd"


class FeedbackKind(Vocab):
    registration_confirmed = "registration_confirmed", "aanmelding bevestigd"
    screening = "screening", "screening of intake gedaan"
    decision = "decision", "besluit genomen"
    waiting_list = "waiting_list", "op de wachtlijst gezet"
    care_started = "care_started", "hulp gestart"
    care_ended = "care_ended", "hulp beëindigd"
    passed_on = "passed_on", "doorverwezen naar een andere instelling"
    school_task = "school_task", "taak van de school in het hulpplan"
    refused = "refused", "aanmelding niet aangenomen"
    other = "other", "anders"


class CareFor(Vocab):
    pupil = "pupil", "de leerling"
    parents = "parents", "de ouders"
    family = "family", "het gezin"


class ClosureReason(Vocab):
    goals_met = "goals_met", "doelen gehaald"
    care_taken_over = "care_taken_over", "zorg overgenomen door een andere instelling"
    moved = "moved", "verhuisd"
    left_school = "left_school", "van school gegaan"
    stopped = "stopped", "gestopt"
