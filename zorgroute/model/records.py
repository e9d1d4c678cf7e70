"""The records of a care dossier, as pydantic models.

Models describe data only; route rules live in `rules.py`. Every model forbids unknown
fields, and titles and descriptions are Dutch so that an editor with the exported JSON
Schemas shows Dutch help.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)

from zorgroute.model.nl import format_date
from zorgroute.model.vocab import (
    ActionStatus,
    AnswerOutcome,
    Basis,
    CareFor,
    Category,
    ClosureReason,
    ContactKind,
    Custody,
    Decision,
    Destination,
    ExceptionGround,
    Expertise,
    FeedbackKind,
    Forum,
    Initiative,
    MeetingRole,
    MeldcodeDecision,
    MeldcodeStepKind,
    Outcome,
    Participant,
    PartnerKind,
    PlanType,
    Purpose,
    ReferralStatus,
    RegistryAction,
    Relation,
    RequestKind,
    Role,
    SdqVersion,
    Sector,
    Setting,
    Sex,
    SignedDocument,
    Since,
    StuckReason,
    Trigger,
    Vocab,
    VoiceDecision,
)

# --- building blocks ------------------------------------------------------------------


def _iso_date(value: Any) -> Any:
    """Dates are written as text (YAML leaves them as text here); numbers are refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("geen geldige datum; schrijf die als JJJJ-MM-DD") from None
    raise ValueError("geen geldige datum; schrijf die als JJJJ-MM-DD")


def _iso_datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("geen geldig tijdstip; schrijf het als JJJJ-MM-DDTUU:MM:SS") from None
    raise ValueError("geen geldig tijdstip; schrijf het als JJJJ-MM-DDTUU:MM:SS")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
# A local timestamp as zorgroute writes it (2026-09-10T10:15:02.123), with or without a
# time zone; described by a pattern because JSON Schema's date-time demands a zone.
DateTime = Annotated[
    dt.datetime,
    BeforeValidator(_iso_datetime),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$",
            "description": "Datum en tijd, bijvoorbeeld 2026-09-10T10:15:00.",
        }
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
RecordId = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}-[a-z_]+-[0-9a-z]{4,8}(#[a-z0-9_-]{1,20})?$"),
]
CASE_ID_RE = re.compile(r"^[0-9a-hjkmnp-tv-z]{8}$")


def F(title: str, description: str = "", vocab: type[Vocab] | None = None, **kw: Any) -> Any:
    """A field with Dutch help; for a vocabulary the choices are listed too."""
    if vocab is not None:
        description = (description + " " if description else "") + f"Kies uit: {vocab.doc()}."
    return Field(title=title, description=description or None, **kw)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Contact(Model):
    """Contactgegevens."""

    phone: Short | None = F("Telefoon", default=None)
    email: Short | None = F("E-mail", default=None)
    address: Text | None = F("Adres", "Straat, huisnummer, postcode en plaats.", default=None)
    website: Short | None = F("Website", default=None)


# --- the repository configuration (zorgroute.yaml) ------------------------------------


class School(Model):
    """De school die deze dossiers bijhoudt."""

    name: Short = F("Naam van de school")
    brin: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")] = F(
        "BRIN-nummer",
        "Vier tekens (twee cijfers, twee hoofdletters), eventueel met vestigingsnummer.",
    )
    sector: Sector = F("Sector", vocab=Sector)
    municipality: Short = F("Gemeente van de school")
    swv: Short = F("Samenwerkingsverband", "Het samenwerkingsverband passend onderwijs.")
    contact: Contact = F("Contactgegevens van de school", default_factory=Contact)


class Person(Model):
    """Iemand met een vaste rol in de zorgstructuur van de school."""

    role: Role = F("Rol", vocab=Role)
    name: Short = F("Naam")
    phone: Short | None = F("Telefoon", default=None)
    email: Short | None = F("E-mail", default=None)
    identities: list[Short] = F(
        "Git-identiteiten",
        "E-mailadressen of namen waarmee deze persoon in git werkt; zo weet zorgroute wie "
        "een record vastlegt.",
        default_factory=list,
    )

    def known_as(self, identity: str) -> bool:
        wanted = identity.strip().lower()
        known = [self.name, *(self.email or "").split(), *self.identities]
        return bool(wanted) and any(wanted == k.strip().lower() for k in known)

    since: Date | None = F("In deze rol sinds", "Leeg: al zolang de dossiers lopen.", default=None)
    until: Date | None = F("In deze rol tot en met", "Leeg: nog steeds.", default=None)

    def holds_on(self, day: dt.date) -> bool:
        """Whether this person held the role on `day`."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    @model_validator(mode="after")
    def _period(self) -> Person:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ValueError("de einddatum van deze rol ligt voor de begindatum")
        return self


class Partner(Model):
    """Een instelling in de regio waarmee de school samenwerkt (sociale kaart)."""

    id: Slug = F("Korte naam", "Kleine letters, cijfers, - en _; wordt in records gebruikt.")
    name: Short = F("Naam van de instelling")
    kind: PartnerKind = F("Soort instelling", vocab=PartnerKind)
    municipality: Short | None = F(
        "Gemeente", "Voor een lokaal team: de gemeente waarvoor het team werkt.", default=None
    )
    offers: list[Short] = F("Aanbod", "Wat de instelling biedt.", default_factory=list)
    contact: Contact = F("Contact", default_factory=Contact)
    contact_person: Short | None = F("Contactpersoon", default=None)
    mandated: list[Short] = F(
        "Gemandateerden",
        "Voor een lokaal team: wie namens de gemeente over jeugdhulp beslist (naam zoals in "
        "het overleg). Leeg: elke consulent van het team.",
        default_factory=list,
    )


class Letterhead(Model):
    """Briefhoofd en ondertekening van brieven."""

    logo: Short | None = F("Logo", "Pad naar een afbeelding in de repository.", default=None)
    lines: list[Short] = F(
        "Regels onder de naam", "Bijvoorbeeld adres en telefoon.", default_factory=list
    )
    signature_name: Short | None = F("Naam onder brieven", default=None)
    signature_role: Short | None = F("Functie onder brieven", default=None)
    footer: Short | None = F("Voettekst", default=None)
    reference_docx: Short | None = F(
        "Word-sjabloon van de school",
        "Pad naar een .docx-bestand in de repository. Word-documenten krijgen de stijlen, "
        "de pagina-opmaak en de kop- en voettekst van dit bestand (het briefpapier van de "
        "school).",
        default=None,
    )
    reference_odt: Short | None = F(
        "ODT-sjabloon van de school",
        "Pad naar een .odt-bestand in de repository; zoals het Word-sjabloon, voor OpenDocument.",
        default=None,
    )


class Settings(Model):
    """Termijnen en normen; de standaardwaarden komen uit de praktijk en de wet."""

    objection_period_days: int = F(
        "Bezwaartermijn (dagen)", "Termijn na een kennisgeving.", default=14, ge=1, le=90
    )
    retention_years: int = F(
        "Bewaartermijn (jaren)", "Na afsluiting of vertrek van school.", default=2, ge=1, le=20
    )
    stalled_after_days: int = F(
        "Stilstand na (dagen)",
        "Zonder nieuw record heet een dossier stilgevallen.",
        default=56,
        ge=7,
        le=365,
    )
    waiting_norm_days: int = F(
        "Wachttijdnorm (dagen)", "Langer wachten op hulp wordt gemeld.", default=120, ge=7, le=730
    )
    feedback_days: int = F(
        "Termijn terugkoppeling (dagen)",
        "Standaardtermijn waarbinnen een instelling terugkoppelt.",
        default=42,
        ge=1,
        le=365,
    )
    small_count: int = F(
        "Kleinste getoonde aantal",
        "Kleinere aantallen in rapportages worden als '<N' getoond.",
        default=5,
        ge=1,
        le=50,
    )
    late_entry_days: int = F(
        "Laat vastleggen na (dagen)",
        "Een record over iets dat langer geleden gebeurde, vraagt een reden (--late-entry).",
        default=365,
        ge=1,
        le=3650,
    )
    git_commit: bool = F("Automatisch vastleggen in git", default=True)
    leerplicht_hours: float = F(
        "Meldgrens ongeoorloofd verzuim (uren)",
        "Zoveel uur ongeoorloofd verzuim binnen het aantal schoolweken hieronder meldt de "
        "school bij de leerplichtambtenaar. De wet: 16 uur binnen 4 aaneengesloten "
        "schoolweken; de school mag eerder melden.",
        default=16,
        gt=0,
        le=200,
    )
    leerplicht_weeks: int = F("Meldgrens: aaneengesloten schoolweken", default=4, ge=1, le=20)


class ImportColumns(Model):
    """Welke kolom van de export welk gegeven bevat (de kolomkoppen zoals in het bestand)."""

    number: Short = F("Leerlingnummer", "Het vaste nummer uit het leerlingvolgsysteem.")
    first_name: Short = F("Roepnaam")
    prefix: Short | None = F("Tussenvoegsel", default=None)
    last_name: Short = F("Achternaam")
    birth_date: Short = F("Geboortedatum")
    group: Short = F("Groep of klas")
    sex: Short | None = F("Geslacht", default=None)
    home_municipality: Short | None = F("Woonplaats of woongemeente", default=None)
    teacher: Short | None = F("Leerkracht of mentor", default=None)


class PupilImport(Model):
    """Hoe de export van het leerlingvolgsysteem wordt gelezen."""

    system: Short | None = F("Systeem", "Bijvoorbeeld ParnasSys, Magister of ESIS.", default=None)
    delimiter: Annotated[str, StringConstraints(min_length=1, max_length=1)] = F(
        "Scheidingsteken", "Meestal ; of ,.", default=";"
    )
    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "latin-1"] = F(
        "Tekenset", "Meestal utf-8 of cp1252.", default="utf-8"
    )
    date_format: Literal["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"] = F(
        "Datumnotatie", "%d-%m-%Y is 31-12-2015, %Y-%m-%d is 2015-12-31.", default="%d-%m-%Y"
    )
    columns: ImportColumns = F("Kolommen")
    sex_values: dict[Short, Sex] = F(
        "Waarden voor geslacht", "Bijvoorbeeld M: boy, V: girl.", default_factory=dict
    )


class Config(Model):
    """Instellingen van een zorgdossier-repository (zorgroute.yaml)."""

    version: Literal[1] = F("Versie van dit bestand", default=1)
    school: School = F("School")
    route: Slug = F("Zorgroute", "De route die nieuwe dossiers volgen.", default="po-1-zorgroute")
    people: list[Person] = F("Mensen in de zorgstructuur", default_factory=list)
    partners: list[Partner] = F("Partners in de regio", default_factory=list)
    settings: Settings = F("Termijnen en normen", default_factory=Settings)
    letterhead: Letterhead = F("Briefhoofd", default_factory=Letterhead)
    pupil_import: PupilImport | None = F(
        "Leerlingen inlezen",
        "Hoe de export van het leerlingvolgsysteem wordt gelezen (zorgroute import leerlingen).",
        default=None,
    )

    @model_validator(mode="after")
    def _unique_partners(self) -> Config:
        seen: set[str] = set()
        for partner in self.partners:
            if partner.id in seen:
                raise ValueError(f"partner '{partner.id}' staat er twee keer in")
            seen.add(partner.id)
        return self

    def person(self, role: Role) -> Person | None:
        return next((p for p in self.people if p.role == role), None)

    def partner(self, partner_id: str) -> Partner | None:
        return next((p for p in self.partners if p.id == partner_id), None)


# --- the case (case.yaml) -------------------------------------------------------------


class SchoolCareer(Model):
    """Schoolloopbaan."""

    repeated_years: int = F("Aantal keer gedoubleerd", default=0, ge=0, le=5)
    skipped_years: int = F("Aantal keer versneld", default=0, ge=0, le=5)
    previous_schools: list[Short] = F("Vorige scholen", default_factory=list)
    change_reason: Text | None = F("Reden van wisselen", default=None)
    in_nl_since: Date | None = F("In Nederland sinds", default=None)
    home_language: Short | None = F("Thuistaal", "Alleen als dat van belang is.", default=None)
    notes: Text | None = F("Toelichting", default=None)


class Pupil(Model):
    """Gegevens van de leerling."""

    first_name: Short = F("Voornaam")
    last_name: Short = F("Achternaam")
    birth_date: Date = F("Geboortedatum")
    sex: Sex = F("Geslacht", vocab=Sex, default=Sex.other)
    address: Text | None = F("Adres", default=None)
    home_municipality: Short = F("Woongemeente", "Bepaalt welk lokaal team jeugdhulp regelt.")
    group: Short = F("Groep of klas")
    enrolled: Date | None = F("Ingeschreven op deze school sinds", default=None)
    left_school: Date | None = F("Vertrokken van school op", default=None)
    school_career: SchoolCareer = F("Schoolloopbaan", default_factory=SchoolCareer)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Adult(Model):
    """Een volwassene rond de leerling."""

    id: Slug = F("Korte naam", "Bijvoorbeeld 'moeder' of 'ouder1'; wordt in records gebruikt.")
    name: Short = F("Naam")
    relation: Relation = F("Relatie tot de leerling", vocab=Relation)
    authority: bool = F(
        "Heeft gezag", "Alleen wie gezag heeft geeft toestemming en krijgt alle brieven."
    )
    phone: Short | None = F("Telefoon", default=None)
    email: Short | None = F("E-mail", default=None)
    address: Text | None = F(
        "Adres", "Alleen als het afwijkt van dat van de leerling.", default=None
    )
    language: Short | None = F("Taal", "Taal waarin contact het best gaat.", default=None)
    may_contact: bool = F("Mag benaderd worden", default=True)
    info_requested: bool = F(
        "Heeft om informatie gevraagd",
        "Voor een ouder zonder gezag: die krijgt dan de belangrijke feiten.",
        default=False,
    )
    pupil_refuses_info: bool = F(
        "Leerling wil geen informatie naar deze ouder",
        "Een leerling vanaf 16 jaar mag dit bepalen.",
        default=False,
    )
    pupil_agrees_contact: bool = F(
        "Meerderjarige leerling stemt in met contact",
        "Een leerling van 18 of ouder beslist zelf; deze volwassene krijgt alleen brieven "
        "als de leerling daarmee instemt.",
        default=False,
    )


class Family(Model):
    """Gezin en gezag."""

    custody: Custody = F("Gezag", vocab=Custody, default=Custody.unknown)
    custody_notes: Text | None = F("Toelichting op het gezag", default=None)
    adults: list[Adult] = F("Volwassenen", default_factory=list)

    def adult(self, adult_id: str) -> Adult | None:
        return next((a for a in self.adults if a.id == adult_id), None)

    @property
    def with_authority(self) -> list[Adult]:
        return [a for a in self.adults if a.authority]


class Case(Model):
    """Een zorgdossier: de leerling, het gezin en de route die het dossier volgt.

    De stand van zaken staat hier niet: die volgt uit de records."""

    id: str = F(
        "Dossiernummer",
        "Acht tekens; bevat niets dat naar de leerling verwijst.",
        pattern=CASE_ID_RE.pattern,
    )
    created: Date = F("Aangemaakt op")
    route: Slug = F("Zorgroute")
    route_version: int = F("Versie van de route", ge=1)
    school: Short | None = F(
        "School (BRIN)", "Alleen in een repository met meer scholen.", default=None
    )
    pupil: Pupil = F("Leerling")
    family: Family = F("Gezin", default_factory=Family)


# --- records --------------------------------------------------------------------------


class Override(Model):
    """Een regel van de route die bewust is overgeslagen, met de reden."""

    rule: Slug = F("Regel")
    reason: Text = F("Reden")
    decided_by: Short = F("Besloten door")


class RecordBase(Model):
    """What every record has. A record kind is a subclass with a `kind` literal, a Dutch
    `label` and a one-line `summary`, listed once in `RECORD_TYPES`."""

    label: ClassVar[str] = "record"
    kind: str = F("Soort record")
    date: Date = F("Datum", "De datum waarop het gebeurde.")
    recorded_by: Short = F("Vastgelegd door")
    recorded_at: DateTime = F("Vastgelegd op")
    overrides: list[Override] = F("Overgeslagen regels", default_factory=list)
    late_entry: Text | None = F(
        "Reden voor late vastlegging",
        "Verplicht als het record lang na de gebeurtenis wordt vastgelegd.",
        default=None,
    )

    def summary(self) -> str:
        return self.label


class Concerns(Model):
    """Zorgen in de afgelopen drie maanden."""

    worrying_results: bool = F("Zorgwekkende schoolprestaties", default=False)
    unauthorised_absence: bool = F("Ongeoorloofd verzuim", default=False)
    worrying_absence: bool = F("Zorgwekkend verzuim", default=False)


class Signal(RecordBase):
    """Signalering: wat is opgevallen, waar en sinds wanneer."""

    kind: Literal["signal"] = "signal"
    label: ClassVar[str] = "signalering"
    observed_by: Short = F("Gesignaleerd door")
    initiative: Initiative = F("Wie bracht het in", vocab=Initiative, default=Initiative.teacher)
    settings: list[Setting] = F("Waar het zich laat zien", vocab=Setting, min_length=1)
    since: Since = F("Sinds wanneer", vocab=Since)
    categories: list[Category] = F("Soort problemen", vocab=Category, min_length=1)
    description: Text = F("Wat is gezien", "Concreet: wat, wanneer, in welke situatie.")
    last_three_months: Concerns = F("Afgelopen drie maanden", default_factory=Concerns)

    evidence: list[RecordId] = F(
        "Onderbouwing",
        "Record-ids van een SDQ, verzuim of toets- of volgresultaat waarop deze stap rust.",
        default_factory=list,
    )

    def summary(self) -> str:
        cats = ", ".join(c.label for c in self.categories)
        return f"signalering: {cats} ({self.since.label})"


class Plan(RecordBase):
    """Een groepsplan-onderdeel, handelingsplan of OPP voor deze leerling."""

    kind: Literal["plan"] = "plan"
    label: ClassVar[str] = "plan"
    plan_type: PlanType = F("Soort plan", vocab=PlanType)
    area: Short = F("Vakgebied of ontwikkelingsgebied")
    needs: Text | None = F("Onderwijsbehoeften", default=None)
    goals: list[Text] = F("Doelen", "Concreet, toetsbaar en haalbaar.", min_length=1)
    approach: Text = F("Aanpak")
    provisions: list[Short] = F("Middelen en voorzieningen", default_factory=list)
    responsible: Short = F("Uitvoerder")
    start: Date = F("Begin van de periode")
    end: Date = F("Einde van de periode")
    evaluation_date: Date = F("Evaluatiedatum")
    parents_agreed: Date | None = F("Door ouders ondertekend op", default=None)

    @model_validator(mode="after")
    def _period(self) -> Plan:
        if self.end < self.start:
            raise ValueError("het einde van de periode ligt voor het begin")
        return self

    def summary(self) -> str:
        return (
            f"{self.plan_type.label} {self.area}, {self.start.isoformat()} t/m "
            f"{self.end.isoformat()}, evaluatie {self.evaluation_date.isoformat()}"
        )


class Evaluation(RecordBase):
    """De evaluatie van een plan."""

    kind: Literal["evaluation"] = "evaluation"
    label: ClassVar[str] = "evaluatie"
    plan: RecordId = F("Plan", "Het record-id van het plan dat wordt geëvalueerd.")
    outcome: Outcome = F("Resultaat", vocab=Outcome)
    what_worked: Text = F("Wat werkte")
    what_did_not: Text | None = F("Wat niet werkte", default=None)
    next_step: Text | None = F("Vervolg", default=None)

    def summary(self) -> str:
        return f"evaluatie: {self.outcome.label} — {shorten(self.what_worked, 50)}"


class Conversation(RecordBase):
    """Een gesprek met de ouders en/of de leerling."""

    kind: Literal["conversation"] = "conversation"
    label: ClassVar[str] = "gesprek"
    contact: ContactKind = F("Soort gesprek", vocab=ContactKind)
    participants: list[Participant] = F("Wie waren erbij", vocab=Participant, min_length=1)
    adults: list[Slug] = F("Welke volwassenen", "Korte namen uit het gezin.", default_factory=list)
    discussed: Text = F("Wat is besproken")
    parents_view: Text | None = F("Zienswijze van de ouders", default=None)
    pupil_view: Text | None = F("Wat de leerling zelf zegt", default=None)
    parents_questions: Text | None = F("Eigen vragen van de ouders", default=None)
    leaflet_given: bool = F("Folder meegegeven", "Over het zorgteam of het ZAT.", default=False)
    question_together: bool = F("Hulpvraag samen geformuleerd", default=False)
    home_situation: Text | None = F("Thuissituatie", default=None)

    def summary(self) -> str:
        who = ", ".join(p.label for p in self.participants)
        return f"{self.contact.label} (met {who})"


class Consent(RecordBase):
    """Een grondslag om de leerling te bespreken, of een bezwaar, weigering of intrekking."""

    kind: Literal["consent"] = "consent"
    label: ClassVar[str] = "toestemming of kennisgeving"
    basis: Basis = F("Soort", vocab=Basis)
    forum: Forum = F("Overleg", vocab=Forum)
    purposes: list[Purpose] = F("Doel", vocab=Purpose, default_factory=lambda: [Purpose.discussion])
    partners: list[Short] = F(
        "Partners", "Bij naam genoemde partners (korte namen).", default_factory=list
    )
    given_by: list[Slug] = F(
        "Gegeven door",
        "Korte namen van volwassenen, en 'pupil' voor de leerling zelf.",
        default_factory=list,
    )
    objection_deadline: Date | None = F(
        "Einde bezwaartermijn", "Bij een kennisgeving.", default=None
    )
    refers_to: RecordId | None = F(
        "Betreft", "Bij bezwaar of intrekking: het record waar het over gaat.", default=None
    )
    at_enrolment: bool = F("Gegeven bij inschrijving", "Telt nooit als grondslag.", default=False)
    ground: ExceptionGround | None = F("Grond", vocab=ExceptionGround, default=None)
    motivation: Text | None = F("Motivering", default=None)
    decided_by: Short | None = F("Besloten door (directeur)", default=None)
    shared_documents: list[Short] = F(
        "Stukken die gedeeld mogen worden",
        "Per stuk door de ouders besloten.",
        default_factory=list,
    )
    note: Text | None = F("Toelichting", default=None)

    @model_validator(mode="after")
    def _complete(self) -> Consent:
        needs: dict[Basis, tuple[str, ...]] = {
            Basis.written_consent: ("given_by",),
            Basis.no_objection_notice: ("objection_deadline",),
            Basis.objection: ("given_by",),
            Basis.refusal: ("given_by",),
            Basis.withdrawal: ("refers_to", "given_by"),
            Basis.exception: ("ground", "motivation", "decided_by"),
            Basis.exception_end: ("refers_to", "decided_by"),
        }
        missing = [f for f in needs.get(self.basis, ()) if not getattr(self, f)]
        if missing:
            titles = [str(type(self).model_fields[f].title or f).lower() for f in missing]
            raise ValueError(f"bij een {self.basis.label} hoort ook: {', '.join(titles)}")
        return self

    def summary(self) -> str:
        return f"{self.basis.label} — {self.forum.label}"


class CareTeamRegistration(RecordBase):
    """Aanmelding bij het zorgteam van de school."""

    kind: Literal["care_team_registration"] = "care_team_registration"
    label: ClassVar[str] = "aanmelding zorgteam"
    triggers: list[Trigger] = F("Aanleiding", vocab=Trigger, default_factory=list)
    help_question: Text = F("Hulpvraag", "Wat wil de school weten of bereiken?")
    direct_reason: Text | None = F("Reden om stappen over te slaan", default=None)

    evidence: list[RecordId] = F(
        "Onderbouwing",
        "Record-ids van een SDQ, verzuim of toets- of volgresultaat waarop deze stap rust.",
        default_factory=list,
    )

    def summary(self) -> str:
        return f"aangemeld bij het zorgteam: {shorten(self.help_question, 60)}"


class Attendee(Model):
    name: Short = F("Naam")
    function: Short = F("Functie", "Bijvoorbeeld leerkracht, schoolmaatschappelijk werker.")
    role: MeetingRole = F("Rol in het overleg", vocab=MeetingRole, default=MeetingRole.member)
    organisation: Short | None = F("Organisatie", default=None)
    roles: list[Role] = F(
        "Functie in de zorgstructuur",
        "Leeg: afgeleid uit de functie (bijvoorbeeld leerkracht, schoolmaatschappelijk werker, "
        "jeugdverpleegkundige).",
        vocab=Role,
        default_factory=list,
    )
    mandate_for: Slug | None = F(
        "Beslist over jeugdhulp namens",
        "Korte naam van het lokale team (partnerlijst in zorgroute.yaml) waarvoor deze persoon "
        "over jeugdhulp beslist.",
        default=None,
    )


class Analysis(Model):
    """Probleemstelling, diagnose, plan, interventie en evaluatie."""

    problem: Text | None = F("Probleemstelling", default=None)
    diagnosis: Text | None = F("Analyse", default=None)
    plan: Text | None = F("Plan", default=None)
    intervention: Text | None = F("Interventie", default=None)
    evaluation: Text | None = F("Evaluatie", default=None)


class ActionItem(Model):
    """Een afspraak: wie doet wat, wanneer."""

    id: Slug = F("Nummer", "Bijvoorbeeld a1.")
    owner: Short = F("Wie")
    description: Text = F("Wat")
    due: Date = F("Uiterlijk")


class ConfidentialNote(Model):
    """Een bijdrage onder beroepsgeheim: alleen zichtbaar voor de genoemde overleggen."""

    by: Short = F("Van", "Functie, bijvoorbeeld schoolmaatschappelijk werk.")
    text: Text = F("Inhoud")
    forums: list[Forum] = F("Zichtbaar voor", vocab=Forum, min_length=1)


class Meeting(RecordBase):
    """Een overleg waarin de leerling is besproken."""

    kind: Literal["meeting"] = "meeting"
    label: ClassVar[str] = "overleg"
    forum: Forum = F("Overleg", vocab=Forum)
    attendees: list[Attendee] = F("Aanwezig", min_length=1)
    parents_present: bool = F("Ouders aanwezig", default=False)
    parents_absent_reason: Text | None = F(
        "Waarom de ouders er niet bij waren",
        "Nodig bij een MDO zonder de ouders.",
        default=None,
    )
    pupil_present: bool = F("Leerling aanwezig", default=False)
    anonymous: bool = F("Anoniem besproken", default=False)
    question: Text | None = F("Vraag aan het overleg", default=None)
    analysis: Analysis = F("Analyse", default_factory=Analysis)
    decisions: list[Decision] = F("Besluiten", vocab=Decision, default_factory=list)
    decision_notes: Text | None = F("Toelichting op de besluiten", default=None)
    actions: list[ActionItem] = F("Afspraken", default_factory=list)
    confidential: list[ConfidentialNote] = F("Vertrouwelijke bijdragen", default_factory=list)

    @model_validator(mode="after")
    def _unique_actions(self) -> Meeting:
        ids = [a.id for a in self.actions]
        if len(ids) != len(set(ids)):
            raise ValueError("twee afspraken hebben hetzelfde nummer")
        return self

    def summary(self) -> str:
        decisions = ", ".join(d.label for d in self.decisions) or "geen besluit"
        anon = " (anoniem)" if self.anonymous else ""
        return f"{self.forum.label}{anon}: {decisions}; {len(self.actions)} afspraken"


class Action(RecordBase):
    """Een afspraak buiten een overleg."""

    kind: Literal["action"] = "action"
    label: ClassVar[str] = "afspraak"
    owner: Short = F("Wie")
    description: Text = F("Wat")
    due: Date = F("Uiterlijk")

    def summary(self) -> str:
        return f"afspraak: {self.owner} — {shorten(self.description, 50)} (uiterlijk {self.due})"


class ActionUpdate(RecordBase):
    """Een nieuwe stand van een afspraak."""

    kind: Literal["action_update"] = "action_update"
    label: ClassVar[str] = "stand van een afspraak"
    action: RecordId = F("Afspraak", "Record-id, met #nummer voor een afspraak uit een overleg.")
    status: ActionStatus = F("Nieuwe stand", vocab=ActionStatus)
    new_due: Date | None = F("Nieuwe datum", "Bij doorschuiven.", default=None)
    note: Text | None = F("Toelichting", default=None)

    @model_validator(mode="after")
    def _carry(self) -> ActionUpdate:
        if self.status == ActionStatus.carried_over and self.new_due is None:
            raise ValueError("bij doorschuiven hoort een nieuwe datum")
        return self

    def summary(self) -> str:
        return f"afspraak {self.action}: {self.status.label}"


class ZatRegistration(RecordBase):
    """Aanmelding bij het zorg- en adviesteam (ZAT)."""

    kind: Literal["zat_registration"] = "zat_registration"
    label: ClassVar[str] = "aanmelding ZAT"
    help_question: Text = F("Hulpvraag aan het ZAT")
    direct_reason: Text | None = F("Reden voor rechtstreekse aanmelding", default=None)
    attachments: list[Short] = F(
        "Bijlagen", "Alleen stukken waarvoor ouders toestemming gaven.", default_factory=list
    )

    evidence: list[RecordId] = F(
        "Onderbouwing",
        "Record-ids van een SDQ, verzuim of toets- of volgresultaat waarop deze stap rust.",
        default_factory=list,
    )

    def summary(self) -> str:
        direct = " (rechtstreeks)" if self.direct_reason else ""
        return f"aangemeld bij het ZAT{direct}: {shorten(self.help_question, 60)}"


class Signoff(Model):
    name: Short = F("Naam")
    date: Date = F("Datum")


class Referral(RecordBase):
    """Een verwijzing naar een instelling of andere school."""

    kind: Literal["referral"] = "referral"
    label: ClassVar[str] = "verwijzing"
    destination: Destination = F("Bestemming", vocab=Destination)
    institution: Slug = F("Instelling", "Korte naam uit de partnerlijst in zorgroute.yaml.")
    via: Short | None = F("Via", "Bijvoorbeeld het samenwerkingsverband.", default=None)
    reason: Text = F("Reden")
    contact: Short | None = F("Contactpersoon", default=None)
    expected_feedback: Date | None = F("Terugkoppeling verwacht op", default=None)
    handelingsverlegenheid: Text | None = F(
        "Handelingsverlegenheid",
        "Waarom de school de leerling niet (meer) kan bieden wat nodig is.",
        default=None,
    )
    directeur_signoff: Signoff | None = F("Ondertekend door de directeur", default=None)
    purposes: list[Purpose] = F("Doel", vocab=Purpose, default_factory=lambda: [Purpose.referral])
    meldcode: bool = F(
        "Melding onder de meldcode",
        "Een melding bij Veilig Thuis: mag zonder toestemming en wordt zo vastgelegd.",
        default=False,
    )

    def summary(self) -> str:
        return f"verwezen naar {self.destination.label} ({self.institution})"


class Feedback(RecordBase):
    """Wat een instelling terugmeldde over een verwijzing."""

    kind: Literal["feedback"] = "feedback"
    label: ClassVar[str] = "terugkoppeling"
    referral: RecordId = F("Verwijzing", "Het record-id van de verwijzing.")
    feedback: FeedbackKind = F("Soort terugkoppeling", vocab=FeedbackKind)
    status: ReferralStatus | None = F(
        "Nieuwe stand van de verwijzing", vocab=ReferralStatus, default=None
    )
    content: Text | None = F("Inhoud", default=None)
    next_expected: Date | None = F("Volgende terugkoppeling verwacht", default=None)
    source: Slug | None = F(
        "Van",
        "Korte naam van de instelling die terugmeldde, als dat een andere is dan die waarnaar "
        "verwezen is; zo'n melding telt niet als de verwachte terugkoppeling.",
        default=None,
    )

    def summary(self) -> str:
        status = f" → {self.status.label}" if self.status else ""
        return f"terugkoppeling: {self.feedback.label}{status}"


class ExternalCare(RecordBase):
    """Hulp van buiten de school die loopt of liep."""

    kind: Literal["external_care"] = "external_care"
    label: ClassVar[str] = "externe hulp"
    institution: Short = F("Instelling")
    care: Short = F("Soort hulp")
    care_for: CareFor = F("Voor wie", vocab=CareFor, default=CareFor.pupil)
    registered: Date | None = F("Aangemeld", default=None)
    screening: Date | None = F("Screening", default=None)
    indication: Date | None = F("Indicatie", default=None)
    start: Date | None = F("Start", default=None)
    end: Date | None = F("Einde", default=None)
    goal: Text | None = F("Doel", default=None)
    end_reason: Text | None = F("Reden van beëindiging", default=None)

    def summary(self) -> str:
        return f"externe hulp: {self.care} bij {self.institution}"


class Closure(RecordBase):
    """Afsluiting van het dossier."""

    kind: Literal["closure"] = "closure"
    label: ClassVar[str] = "afsluiting"
    reason: ClosureReason = F("Reden", vocab=ClosureReason)
    parents_told: Text = F("Wat de ouders is verteld")
    aftercare_date: Date | None = F("Nazorg: controle op", "Is de hulp echt gestart?", default=None)

    def summary(self) -> str:
        return f"afgesloten: {self.reason.label}"


class Reopen(RecordBase):
    kind: Literal["reopen"] = "reopen"
    label: ClassVar[str] = "heropening"
    reason: Text = F("Reden van heropenen")

    def summary(self) -> str:
        return f"heropend: {shorten(self.reason, 60)}"


class Dormant(RecordBase):
    """Het dossier slaapt tot de herzieningsdatum."""

    kind: Literal["dormant"] = "dormant"
    label: ClassVar[str] = "slapend"
    review_date: Date = F("Opnieuw bekijken op")
    reason: Text = F("Reden")

    def summary(self) -> str:
        return f"slapend tot {self.review_date.isoformat()}"


class ProducedFile(Model):
    path: Short = F("Bestand", "Pad binnen het dossier.")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = F("Controlegetal")


class DocumentRecord(RecordBase):
    """Een gemaakt document: wat, voor wie, met welke sjabloonversie."""

    kind: Literal["document"] = "document"
    label: ClassVar[str] = "document"
    document: Slug = F("Soort document")
    template_version: Short = F("Sjabloonversie")
    recipients: list[Short] = F("Ontvangers", default_factory=list)
    files: list[ProducedFile] = F("Bestanden", min_length=1)

    def summary(self) -> str:
        return f"document gemaakt: {self.document}"


class Correction(RecordBase):
    """Een correctie: vervangt (een deel van) een eerder record; het oude blijft zichtbaar."""

    kind: Literal["correction"] = "correction"
    label: ClassVar[str] = "correctie"
    supersedes: RecordId | Literal["case"] = F(
        "Vervangt record", "Record-id, of 'case' voor de gegevens in case.yaml."
    )
    field: Short = F("Veld", "Bij een veld binnen een onderdeel met een punt: pupil.birth_date.")
    value: Text = F("Juiste waarde")
    reason: Text = F("Reden", "Bijvoorbeeld een verzoek van de ouders.")
    requested_by: Short | None = F("Gevraagd door", default=None)

    def summary(self) -> str:
        return (
            f"correctie op {self.supersedes}: {self.field} wordt '{shorten(self.value, 50)}' "
            f"(reden: {shorten(self.reason, 40)})"
        )


# --- the full form set: groeidocument, OPP, TLV request, onderwijskundig rapport ----------


class Factors(RecordBase):
    """Wat helpt en wat belemmert, per domein (groeidocument): kind, onderwijs, opvoeding."""

    kind: Literal["factors"] = "factors"
    label: ClassVar[str] = "bevorderende en belemmerende factoren"
    child_supporting: list[Text] = F("Kind: wat helpt", default_factory=list)
    child_hindering: list[Text] = F("Kind: wat belemmert", default_factory=list)
    education_supporting: list[Text] = F("Onderwijs: wat helpt", default_factory=list)
    education_hindering: list[Text] = F("Onderwijs: wat belemmert", default_factory=list)
    upbringing_supporting: list[Text] = F("Opvoeding: wat helpt", default_factory=list)
    upbringing_hindering: list[Text] = F("Opvoeding: wat belemmert", default_factory=list)
    pupil_view: Text | None = F("Wat de leerling zelf zegt", default=None)

    @model_validator(mode="after")
    def _some(self) -> Factors:
        if not any(getattr(self, name) for name in FACTOR_FIELDS):
            raise ValueError("noem minstens één factor die helpt of belemmert")
        return self

    def summary(self) -> str:
        helps = sum(len(getattr(self, n)) for n in FACTOR_FIELDS if n.endswith("supporting"))
        hinders = sum(len(getattr(self, n)) for n in FACTOR_FIELDS if n.endswith("hindering"))
        return f"{helps} factoren die helpen, {hinders} die belemmeren"


FACTOR_FIELDS = (
    "child_supporting",
    "child_hindering",
    "education_supporting",
    "education_hindering",
    "upbringing_supporting",
    "upbringing_hindering",
)


class Opp(RecordBase):
    """Het ontwikkelingsperspectiefplan: uitstroomperspectief met onderbouwing, de
    ondersteuning, en de instemming van de ouders met het handelingsdeel."""

    kind: Literal["opp"] = "opp"
    label: ClassVar[str] = "ontwikkelingsperspectiefplan (OPP)"
    exit_perspective: Short = F(
        "Uitstroomperspectief",
        "Het verwachte uitstroomniveau, bijvoorbeeld vmbo basis of praktijkonderwijs.",
    )
    supporting: list[Text] = F("Bevorderende factoren", min_length=1)
    hindering: list[Text] = F("Belemmerende factoren", min_length=1)
    support: Text = F("De ondersteuning", "Wat de school extra biedt, door wie en hoe vaak.")
    goals: list[Text] = F("Doelen", default_factory=list)
    parents_view: Text | None = F("Wat de ouders ervan vinden", default=None)
    parents_agreed: Date | None = F("Ouders stemmen in met het handelingsdeel op", default=None)
    agreed_by: list[Slug] = F(
        "Wie instemde", "Korte namen uit het gezin, of pupil.", default_factory=list
    )
    evaluation_date: Date = F("Evaluatie met de ouders uiterlijk op")

    @model_validator(mode="after")
    def _agreement(self) -> Opp:
        if self.parents_agreed is not None and not self.agreed_by:
            raise ValueError("zeg wie instemde met het handelingsdeel")
        if self.parents_agreed is None and self.agreed_by:
            raise ValueError("bij wie instemde hoort ook de datum van instemming")
        return self

    def summary(self) -> str:
        agreed = (
            f"ouders stemden in op {self.parents_agreed.isoformat()}"
            if self.parents_agreed
            else "instemming van de ouders nog niet vastgelegd"
        )
        return f"OPP, uitstroomperspectief {shorten(self.exit_perspective, 40)}; {agreed}"


class OppEvaluation(RecordBase):
    """De evaluatie van het OPP met de ouders (minstens eens per jaar)."""

    kind: Literal["opp_evaluation"] = "opp_evaluation"
    label: ClassVar[str] = "evaluatie van het OPP"
    opp: RecordId = F("OPP", "Het record-id van het OPP.")
    with_parents: list[Slug] = F(
        "Met welke ouders", "Korte namen uit het gezin die erbij waren.", default_factory=list
    )
    pupil_present: bool = F("Leerling was erbij", default=False)
    outcome: Text = F("Uitkomst", "Wat bereikt is en wat er verandert.")
    perspective_holds: bool = F("Uitstroomperspectief blijft staan", default=True)
    next_evaluation: Date | None = F("Volgende evaluatie uiterlijk op", default=None)

    def summary(self) -> str:
        who = "met de ouders" if self.with_parents else "zonder de ouders"
        return f"evaluatie van het OPP {who}: {shorten(self.outcome, 50)}"


class ExpertAdvice(RecordBase):
    """Het advies van een deskundige, bijvoorbeeld voor een aanvraag van een TLV."""

    kind: Literal["expert_advice"] = "expert_advice"
    label: ClassVar[str] = "advies van een deskundige"
    expert: Short = F("Naam van de deskundige")
    expertise: Expertise = F("Deskundigheid", vocab=Expertise)
    organisation: Short | None = F("Organisatie", default=None)
    advice: Text = F("Advies")

    def summary(self) -> str:
        return f"advies van een {self.expertise.label}: {shorten(self.advice, 50)}"


class Signature(RecordBase):
    """Een handtekening op een plan of een aanvraag, met wie tekende."""

    kind: Literal["signature"] = "signature"
    label: ClassVar[str] = "handtekening"
    document: SignedDocument = F("Wat is getekend", vocab=SignedDocument)
    refers_to: RecordId | None = F(
        "Over record", "Het record-id van het plan of OPP dat is getekend.", default=None
    )
    signed_by: list[Slug] = F("Getekend door", "Korte namen uit het gezin, of pupil.", min_length=1)

    def summary(self) -> str:
        return f"{self.document.label} getekend door {len(self.signed_by)} persoon/personen"


class Transfer(RecordBase):
    """De overstap naar een andere school, bijvoorbeeld van groep 8 naar het voortgezet
    onderwijs: de basis van het onderwijskundig rapport."""

    kind: Literal["transfer"] = "transfer"
    label: ClassVar[str] = "overstap naar een andere school"
    to_school: Short = F("Nieuwe school")
    school_advice: Short = F("Schooladvies", "Bijvoorbeeld vmbo kader of havo.")
    advice_grounds: Text = F("Onderbouwing van het advies")
    support_needed: Text | None = F("Wat de leerling nodig heeft op de nieuwe school", default=None)
    parents_view: Text | None = F("Wat de ouders ervan vinden", default=None)
    pupil_view: Text | None = F("Wat de leerling zelf zegt", default=None)

    def summary(self) -> str:
        return f"overstap naar {shorten(self.to_school, 40)}, advies {self.school_advice}"


# --- the route as schools run it today: meldcode, MDO with mandate, doorbraak -------------


class MeldcodeStep(RecordBase):
    """Een stap van de meldcode huiselijk geweld en kindermishandeling."""

    kind: Literal["meldcode"] = "meldcode"
    label: ClassVar[str] = "stap van de meldcode"
    step: MeldcodeStepKind = F("Stap", vocab=MeldcodeStepKind)
    description: Text = F("Wat is er gedaan of gezien", "Feitelijk: wat, wanneer, door wie.")
    consulted: list[Short] = F(
        "Geraadpleegd",
        "Bij stap 2: wie (functie), bijvoorbeeld de aandachtsfunctionaris.",
        default_factory=list,
    )
    veilig_thuis_advice: bool = F("Advies gevraagd aan Veilig Thuis", default=False)
    participants: list[Participant] = F(
        "Wie waren bij het gesprek", vocab=Participant, default_factory=list
    )
    talk_skipped_reason: Text | None = F(
        "Waarom er geen gesprek was",
        "Alleen als een gesprek de veiligheid van de leerling of van anderen in gevaar brengt.",
        default=None,
    )
    suspicion: bool | None = F(
        "Vraag 1: is er een vermoeden van huiselijk geweld of kindermishandeling?", default=None
    )
    unsafe: bool | None = F("Vraag 2: is er acute of structurele onveiligheid?", default=None)
    can_help: bool | None = F(
        "Vraag 3: kan de school passende hulp bieden of organiseren?", default=None
    )
    help_accepted: bool | None = F("Vraag 4: aanvaarden de betrokkenen die hulp?", default=None)
    help_enough: bool | None = F(
        "Vraag 5: leidt de hulp op tijd tot blijvende veiligheid?", default=None
    )
    decisions: list[MeldcodeDecision] = F("Besluit", vocab=MeldcodeDecision, default_factory=list)
    without_consent: bool = F(
        "Gemeld zonder toestemming",
        "Wordt door zorgroute ingevuld: een melding bij Veilig Thuis mag zonder toestemming "
        "van ouders of leerling, op grond van de meldcode.",
        default=False,
    )

    @model_validator(mode="after")
    def _complete(self) -> MeldcodeStep:
        if self.step == MeldcodeStepKind.consult and not (
            self.consulted or self.veilig_thuis_advice
        ):
            raise ValueError(
                "bij stap 2 hoort wie is geraadpleegd, of dat Veilig Thuis om advies is gevraagd"
            )
        if self.step == MeldcodeStepKind.talk and not (
            self.participants or self.talk_skipped_reason
        ):
            raise ValueError(
                "bij stap 3 hoort wie bij het gesprek waren, of waarom er geen gesprek was"
            )
        if self.step == MeldcodeStepKind.weigh and (self.suspicion is None or self.unsafe is None):
            raise ValueError(
                "bij stap 4 horen de antwoorden op vraag 1 en 2 van het afwegingskader"
            )
        if self.step == MeldcodeStepKind.decide and not self.decisions:
            raise ValueError("bij stap 5 hoort een besluit")
        if self.step != MeldcodeStepKind.decide and self.decisions:
            raise ValueError("een besluit hoort bij stap 5")
        if self.without_consent and MeldcodeDecision.report_vt not in self.decisions:
            raise ValueError("'zonder toestemming' geldt alleen voor een melding bij Veilig Thuis")
        return self

    def summary(self) -> str:
        text = f"meldcode, {self.step.label}"
        if self.decisions:
            text += ": " + ", ".join(d.label for d in self.decisions)
        if self.without_consent:
            text += " (zonder toestemming, op grond van de meldcode)"
        return text


class MandateDecision(RecordBase):
    """Het besluit over jeugdhulp van de gemandateerde van het lokale team, na een MDO."""

    kind: Literal["mandate"] = "mandate"
    label: ClassVar[str] = "besluit met mandaat"
    meeting: RecordId = F("Overleg", "Het record-id van het MDO waar het besluit over gaat.")
    team: Slug = F("Lokaal team", "Korte naam uit de partnerlijst in zorgroute.yaml.")
    person: Short = F("Gemandateerde", "Naam en functie, bijvoorbeeld de consulent.")
    decision: Text = F("Besluit", "Bijvoorbeeld: beschikking voor ambulante opvoedhulp.")

    def summary(self) -> str:
        return f"besluit over jeugdhulp met mandaat van het lokale team {self.team}"


class Doorbraak(RecordBase):
    """Een vastgelopen dossier voorgelegd aan een doorbraak- of perspectieftafel, of de
    uitkomst daarvan."""

    kind: Literal["doorbraak"] = "doorbraak"
    label: ClassVar[str] = "doorbraak"
    reason: StuckReason = F("Waarom het vastzit", vocab=StuckReason)
    table: Short = F("Tafel", "Bijvoorbeeld de perspectieftafel van de gemeente.")
    question: Text = F("Vraag aan de tafel")
    follow_up: Date = F("Terugkoppeling verwacht op")
    outcome: Text | None = F(
        "Uitkomst", "Bij een vervolgrecord: wat de tafel besloot.", default=None
    )
    refers_to: RecordId | None = F(
        "Betreft", "Bij een uitkomst: het record-id van de voorlegging.", default=None
    )

    @model_validator(mode="after")
    def _outcome(self) -> Doorbraak:
        if self.outcome and not self.refers_to:
            raise ValueError("een uitkomst hoort bij een eerdere voorlegging (refers_to)")
        if self.follow_up < self.date:
            raise ValueError("de terugkoppeling ligt voor de datum van de voorlegging")
        return self

    def summary(self) -> str:
        if self.outcome:
            return f"doorbraak: uitkomst van de {shorten(self.table, 40)}"
        return f"doorbraak: voorgelegd aan de {shorten(self.table, 40)} ({self.reason.label})"


# --- instruments: SDQ, absence, leerplicht, tests, handover (issue 18) ---------------------


def _items(numbers: list[int]) -> str:
    """`4, 5, 6 en nog 19 andere`: item numbers, shortened."""
    head = ", ".join(map(str, numbers[:3]))
    return head if len(numbers) <= 3 else f"{head} en nog {len(numbers) - 3} andere"


class Sdq(RecordBase):
    """Een afname van de SDQ: antwoorden per itemnummer (0, 1 of 2), zonder itemteksten."""

    kind: Literal["sdq"] = "sdq"
    label: ClassVar[str] = "SDQ-vragenlijst"
    version: SdqVersion = F("Versie", vocab=SdqVersion)
    informant: Short | None = F(
        "Ingevuld door", "Functie of relatie, geen naam nodig.", default=None
    )
    answers: dict[int, int] = F(
        "Antwoorden",
        "Per itemnummer 1 tot en met 25: 0 = niet waar, 1 = een beetje waar, "
        "2 = zeker waar (zoals op het formulier aangekruist).",
    )

    @model_validator(mode="after")
    def _complete(self) -> Sdq:
        extra = sorted(n for n in self.answers if not 1 <= n <= 25)
        if extra:
            raise ValueError(
                "de SDQ heeft 25 items; onbekend itemnummer: " + ", ".join(map(str, extra[:5]))
            )
        missing = [n for n in range(1, 26) if n not in self.answers]
        if missing:
            raise ValueError(f"antwoord ontbreekt bij item {_items(missing)}")
        wrong = sorted(n for n, v in self.answers.items() if v not in (0, 1, 2))
        if wrong:
            raise ValueError(f"een antwoord is 0, 1 of 2; niet bij item {_items(wrong)}")
        return self

    def summary(self) -> str:
        return f"SDQ, {self.version.label}"


class Absence(RecordBase):
    """Verzuim over een periode, in uren."""

    kind: Literal["absence"] = "absence"
    label: ClassVar[str] = "verzuim"
    start: Date = F("Begin van de periode")
    end: Date = F("Einde van de periode")
    authorised_hours: float = F("Geoorloofd verzuim (uren)", default=0, ge=0, le=2000)
    unauthorised_hours: float = F("Ongeoorloofd verzuim (uren)", default=0, ge=0, le=2000)
    late_count: int = F("Aantal keer te laat", default=0, ge=0, le=1000)
    note: Text | None = F("Toelichting", default=None)

    @model_validator(mode="after")
    def _period(self) -> Absence:
        if self.end < self.start:
            raise ValueError("het einde van de periode ligt voor het begin")
        if self.date < self.end:
            raise ValueError(
                "verzuim wordt vastgelegd na afloop van de periode: de datum ligt voor het einde"
            )
        return self

    def summary(self) -> str:
        late = f", {self.late_count} keer te laat" if self.late_count else ""
        return (
            f"van {format_date(self.start)} tot en met {format_date(self.end)}: "
            f"{self.unauthorised_hours:g} uur ongeoorloofd en "
            f"{self.authorised_hours:g} uur geoorloofd verzuim{late}"
        )


class LeerplichtReport(RecordBase):
    """Een melding van ongeoorloofd verzuim bij de leerplichtambtenaar."""

    kind: Literal["leerplicht_report"] = "leerplicht_report"
    label: ClassVar[str] = "melding bij de leerplichtambtenaar"
    officer: Short = F("Leerplichtambtenaar", "Naam of gemeente.")
    via_duo: bool = F("Gemeld via het verzuimregister van DUO", default=True)
    hours: float = F("Gemelde uren ongeoorloofd verzuim", gt=0, le=2000)
    period_start: Date | None = F("Verzuim vanaf", default=None)
    period_end: Date | None = F("Verzuim tot en met", default=None)
    note: Text | None = F("Toelichting", default=None)

    def summary(self) -> str:
        via = " via DUO" if self.via_duo else ""
        return f"{self.hours:g} uur ongeoorloofd verzuim gemeld{via}"


class TrackingResult(RecordBase):
    """Een toets- of volgresultaat, of de uitslag van een onderzoek."""

    kind: Literal["test_result"] = "test_result"
    label: ClassVar[str] = "toets- of volgresultaat"
    instrument: Short = F("Toets of instrument", "Bijvoorbeeld de naam van de toets of methode.")
    area: Short = F("Vakgebied of ontwikkelingsgebied", "Bijvoorbeeld rekenen of begrijpend lezen.")
    score: Short = F("Score", "Zoals de toets die geeft.")
    level: Short | None = F(
        "Niveau of norm", "Bijvoorbeeld I tot en met V, of een percentiel.", default=None
    )
    note: Text | None = F("Toelichting", default=None)

    def summary(self) -> str:
        level = f", niveau {self.level}" if self.level else ""
        return f"{self.area} ({self.instrument}): {self.score}{level}"


class Provenance(RecordBase):
    """Een dossier dat van een andere school of het samenwerkingsverband is overgenomen."""

    kind: Literal["provenance"] = "provenance"
    label: ClassVar[str] = "overgenomen dossier"
    source_school: Short = F("Van", "De school of het samenwerkingsverband dat overdroeg.")
    source_brin: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")] = F(
        "BRIN-nummer van de afzender"
    )
    source_case: str = F("Dossiernummer bij de afzender", pattern=CASE_ID_RE.pattern)
    exported_on: Date = F("Uitgevoerd op")
    bundle_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = F(
        "Controlegetal van de bundel"
    )
    records: list[RecordId] = F("Overgenomen records", default_factory=list)
    basis: Short = F("Grondslag", "Het record-id van de toestemming bij de afzender.")

    def summary(self) -> str:
        return f"dossier overgenomen ({len(self.records)} records)"


# --- withdrawing a record made by mistake ---------------------------------------------


class Void(RecordBase):
    """Trekt een record in dat per vergissing is gemaakt; het blijft zichtbaar in de
    geschiedenis, maar telt nergens meer mee."""

    kind: Literal["void"] = "void"
    label: ClassVar[str] = "intrekking van een record"
    voids: RecordId = F("Trekt in", "Het record-id van het record dat vervalt.")
    reason: Text = F("Reden", "Waarom het record niet had mogen bestaan.")

    def summary(self) -> str:
        return f"record {self.voids} ingetrokken (reden: {shorten(self.reason, 50)})"


# --- family and the pupil's own say: dated, read as of each act's date ------------------


class AuthorityChange(RecordBase):
    """Een wijziging in het gezag vanaf deze datum: wie het gezag heeft, een voogd, een
    ondertoezichtstelling met gezinsvoogd. case.yaml blijft de beginsituatie."""

    kind: Literal["authority_change"] = "authority_change"
    label: ClassVar[str] = "wijziging in het gezag"
    custody: Custody = F("Gezag", vocab=Custody)
    holders: list[Slug] = F(
        "Wie heeft gezag",
        "Korte namen van volwassenen; wie hier niet staat, heeft vanaf deze datum geen gezag.",
        min_length=1,
    )
    new_adults: list[Adult] = F(
        "Nieuwe volwassenen", "Bijvoorbeeld een voogd of gezinsvoogd.", default_factory=list
    )
    family_guardian: Slug | None = F(
        "Gezinsvoogd",
        "Bij een ondertoezichtstelling: de korte naam van de gezinsvoogd.",
        default=None,
    )

    @model_validator(mode="after")
    def _guardian(self) -> AuthorityChange:
        if self.custody == Custody.supervision_order and self.family_guardian is None:
            raise ValueError("bij een ondertoezichtstelling hoort een gezinsvoogd")
        return self

    def summary(self) -> str:
        return f"gezag vanaf {format_date(self.date)}: {self.custody.label}"


class ContactRestriction(RecordBase):
    """Of een volwassene vanaf deze datum benaderd mag worden."""

    kind: Literal["contact_restriction"] = "contact_restriction"
    label: ClassVar[str] = "afspraak over contact"
    adult: Slug = F("Volwassene", "Korte naam uit het gezin.")
    may_contact: bool = F("Mag benaderd worden")
    reason: Text | None = F("Reden", default=None)

    def summary(self) -> str:
        allowed = "mag weer benaderd worden" if self.may_contact else "mag niet benaderd worden"
        return f"{self.adult} {allowed}"


class PupilVoice(RecordBase):
    """Wat de leerling zelf besluit: vanaf 16 jaar weigeren dat informatie naar een ouder
    gaat, vanaf 18 jaar instemmen met contact met de ouders."""

    kind: Literal["pupil_voice"] = "pupil_voice"
    label: ClassVar[str] = "besluit van de leerling"
    decision: VoiceDecision = F("Besluit", vocab=VoiceDecision)
    adults: list[Slug] = F(
        "Voor welke volwassenen", "Korte namen; leeg betekent: alle ouders.", default_factory=list
    )
    note: Text | None = F("Toelichting", default=None)

    def summary(self) -> str:
        who = ", ".join(self.adults) or "alle ouders"
        return f"leerling {self.decision.label} ({who})"


class InfoRequest(RecordBase):
    """Een verzoek van een ouder om informatie of inzage; de AVG geeft één maand om te
    antwoorden."""

    kind: Literal["info_request"] = "info_request"
    label: ClassVar[str] = "verzoek om informatie of inzage"
    adult: Slug = F("Van", "Korte naam uit het gezin.")
    request: RequestKind = F("Verzoek", vocab=RequestKind)
    answer_due: Date | None = F(
        "Antwoord uiterlijk", "Standaard één maand na het verzoek.", default=None
    )

    @property
    def due(self) -> dt.date:
        return self.answer_due or add_months(self.date, 1)

    def summary(self) -> str:
        return f"verzoek van {self.adult}: {self.request.label} (antwoord uiterlijk {self.due})"


class InfoAnswer(RecordBase):
    """Het antwoord op een verzoek om informatie of inzage."""

    kind: Literal["info_answer"] = "info_answer"
    label: ClassVar[str] = "antwoord op een verzoek"
    request: RecordId = F("Verzoek", "Het record-id van het verzoek.")
    outcome: AnswerOutcome = F("Antwoord", vocab=AnswerOutcome)
    motivation: Text | None = F(
        "Motivering",
        "Nodig bij weigeren: waarom het tegen het belang van het kind is.",
        default=None,
    )

    @model_validator(mode="after")
    def _motivated(self) -> InfoAnswer:
        if self.outcome != AnswerOutcome.given and not self.motivation:
            raise ValueError("bij weigeren of gedeeltelijk geven hoort een motivering")
        return self

    def summary(self) -> str:
        return f"verzoek {self.request} beantwoord: {self.outcome.label}"


class RegistryEntry(RecordBase):
    """Dat en wanneer de leerling in de Verwijsindex is gemeld of de melding is
    ingetrokken. De Verwijsindex bevat geen inhoud, dit record dus ook niet."""

    kind: Literal["registry"] = "registry"
    label: ClassVar[str] = "Verwijsindex"
    action: RegistryAction = F("Wat", vocab=RegistryAction)

    def summary(self) -> str:
        return self.action.label


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31 January → 28 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def shorten(text: str, n: int = 70) -> str:
    """One line of at most `n` characters, for summaries."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# The one registry of record kinds: everything else (the union that parses a record file,
# the labels, the JSON Schemas) is derived from it.
RECORD_TYPES: dict[str, type[RecordBase]] = {
    str(cls.model_fields["kind"].default): cls
    for cls in (
        Signal,
        Plan,
        Evaluation,
        Conversation,
        Consent,
        CareTeamRegistration,
        Meeting,
        Action,
        ActionUpdate,
        ZatRegistration,
        Referral,
        Feedback,
        ExternalCare,
        Closure,
        Reopen,
        Dormant,
        DocumentRecord,
        Correction,
        # the full form set
        Factors,
        Opp,
        OppEvaluation,
        ExpertAdvice,
        Signature,
        Transfer,
        # the route as schools run it today
        MeldcodeStep,
        MandateDecision,
        Doorbraak,
        # withdrawing a record; family and the pupil's own say
        Void,
        AuthorityChange,
        ContactRestriction,
        PupilVoice,
        InfoRequest,
        InfoAnswer,
        RegistryEntry,
        # instruments and handover
        Sdq,
        Absence,
        LeerplichtReport,
        TrackingResult,
        Provenance,
    )
}
RECORD_LABELS: dict[str, str] = {kind: cls.label for kind, cls in RECORD_TYPES.items()}

if TYPE_CHECKING:
    Record = RecordBase
else:
    Record = Annotated[
        Union[tuple(Annotated[cls, Tag(kind)] for kind, cls in RECORD_TYPES.items())],  # noqa: UP007
        Discriminator("kind"),
    ]
