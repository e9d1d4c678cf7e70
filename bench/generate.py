"""Build a synthetic dossier repository of N cases, for benchmarks and report tests.

The cases follow the 1-zorgroute the way real ones do: every case starts with a signal,
most get a group plan, some go on to the zorgteam, fewer to the ZAT, some are referred,
many are closed. All data is fictional (Dutch names drawn from short lists) and the result
passes `zorgroute check`. The same seed gives the same repository, byte for byte.

Files are written directly (no CLI, no pydantic) so that 10,000 cases take seconds.

    python bench/generate.py OUT --cases 10000 --seed 7 [--today 2026-11-23] [--schools 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
SCHEMA = "# yaml-language-server: $schema={ref}\n"

FIRST = [
    "Sanne",
    "Daan",
    "Emma",
    "Lucas",
    "Julia",
    "Milan",
    "Noor",
    "Sem",
    "Tess",
    "Finn",
    "Lotte",
    "Levi",
    "Fleur",
    "Bram",
    "Yara",
    "Thijs",
    "Sara",
    "Jesse",
    "Mila",
    "Ruben",
    "Lieke",
    "Mohammed",
    "Amira",
    "Youssef",
    "Fenna",
    "Stijn",
    "Ilse",
    "Noah",
    "Zoë",
    "Owen",
    "Evi",
    "Gijs",
    "Nina",
    "Luuk",
    "Roos",
    "Ayoub",
    "Femke",
    "Tim",
    "Hanna",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Verhoeven",
    "van Dijk",
    "Willems",
    "Koster",
    "Prins",
    "Huisman",
]
MUNICIPALITIES = [
    ("Delft", 70),
    ("Rijswijk", 10),
    ("Den Haag", 8),
    ("Pijnacker-Nootdorp", 5),
    ("Midden-Delfland", 4),
    ("Westland", 3),
]
CATEGORIES = [
    ("learning", 30),
    ("behaviour", 18),
    ("social_emotional", 18),
    ("anxiety", 8),
    ("family", 8),
    ("development", 6),
    ("speech_language", 5),
    ("absence", 3),
    ("safety", 2),
    ("physical", 1),
    ("giftedness", 1),
]
AREAS = [
    "rekenen",
    "technisch lezen",
    "begrijpend lezen",
    "spelling",
    "werkhouding",
    "sociaal-emotionele ontwikkeling",
    "taakaanpak",
]
SCHOOL_MUNICIPALITY = "Delft"


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- a small, fast YAML writer ----------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_#-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return "'" + value.isoformat(timespec="seconds") + "'"
    if isinstance(value, dt.date):
        return "'" + value.isoformat() + "'"
    text = str(value)
    if _BARE.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict):
                out.append(f"{indent}{key}:")
                _emit(item, indent + "  ", out)
            elif isinstance(item, list):
                if not item:
                    out.append(f"{indent}{key}: []")
                    continue
                out.append(f"{indent}{key}:")
                _emit(item, indent, out)
            else:
                out.append(f"{indent}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                sub: list[str] = []
                _emit(item, indent + "  ", sub)
                sub[0] = indent + "- " + sub[0][len(indent) + 2 :]
                out.extend(sub)
            else:
                out.append(f"{indent}- {_scalar(item)}")


def to_yaml(data: dict[str, Any], schema: str | None) -> str:
    out: list[str] = []
    _emit(data, "", out)
    head = SCHEMA.format(ref=schema) if schema else ""
    return head + "\n".join(out) + "\n"


# --- the repository ---------------------------------------------------------------------


def config(schools: int) -> dict[str, Any]:
    partners: list[dict[str, Any]] = []
    for name, _ in MUNICIPALITIES:
        partners.append(
            {
                "id": f"lt-{slugify(name)}",
                "name": f"Lokaal team {name}",
                "kind": "local_team",
                "municipality": name,
            }
        )
    partners += [
        {"id": "sbo-de-brug", "name": "SBO De Brug", "kind": "special_school"},
        {"id": "so-het-anker", "name": "SO Het Anker", "kind": "special_school"},
        {"id": "ggz-jeugd", "name": "GGZ Jeugd Haaglanden", "kind": "ggz"},
        {"id": "veilig-thuis", "name": "Veilig Thuis Haaglanden", "kind": "veilig_thuis"},
        {"id": "swv-delft", "name": "SWV Delflanden", "kind": "swv"},
    ]
    return {
        "version": 1,
        "school": {
            "name": "De Regenboog" if schools == 1 else "Scholengroep Delflanden",
            "brin": "12AB",
            "sector": "po",
            "municipality": SCHOOL_MUNICIPALITY,
            "swv": "SWV Delflanden",
        },
        "route": "po-1-zorgroute",
        "people": [
            {"role": "ib", "name": "Ilse Bakker"},
            {"role": "directeur", "name": "Dirk de Wit"},
        ],
        "partners": partners,
    }


class CaseBuilder:
    """Writes one case: case.yaml and a route through its records."""

    def __init__(self, rng: random.Random, today: dt.date, school: str | None) -> None:
        self.rng = rng
        self.today = today
        self.school = school
        self.records: list[tuple[str, dict[str, Any]]] = []
        self.used: set[str] = set()

    def pick(self, weighted: list[tuple[str, int]]) -> str:
        names, weights = zip(*weighted, strict=True)
        return self.rng.choices(names, weights)[0]

    def rid(self, day: dt.date, kind: str) -> str:
        while True:
            rid = f"{day.isoformat()}-{kind}-" + "".join(self.rng.choices(ID_ALPHABET, k=4))
            if rid not in self.used:
                self.used.add(rid)
                return rid

    def add(
        self,
        day: dt.date,
        kind: str,
        fields: dict[str, Any],
        overrides: list[dict[str, str]] | None = None,
    ) -> str | None:
        if day > self.today:
            return None
        rid = self.rid(day, kind)
        stamp = dt.datetime.combine(day, dt.time(8 + self.rng.randrange(9), self.rng.randrange(60)))
        body: dict[str, Any] = {
            "kind": kind,
            "date": day,
            "recorded_by": "Ilse Bakker",
            "recorded_at": stamp,
        }
        if overrides:
            body["overrides"] = overrides
        body.update(fields)
        self.records.append((rid, body))
        return rid

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def talk(self, day: dt.date, contact: str, **extra: Any) -> None:
        self.add(
            day,
            "conversation",
            {
                "contact": contact,
                "participants": ["parents", "ib"],
                "adults": ["moeder"],
                "discussed": "Besproken wat de leerling nodig heeft en wat de school al doet.",
                "parents_view": "De ouders herkennen het beeld en willen graag meedenken.",
                **extra,
            },
        )

    def consent(self, day: dt.date, forum: str) -> None:
        self.add(
            day,
            "consent",
            {
                "basis": "written_consent",
                "forum": forum,
                "purposes": ["discussion"],
                "given_by": ["moeder"],
            },
        )

    def meeting(self, day: dt.date, forum: str, decisions: list[str]) -> None:
        rid = self.add(
            day,
            "meeting",
            {
                "forum": forum,
                "attendees": [
                    {"name": "Ilse Bakker", "function": "intern begeleider", "role": "chair"},
                    {"name": "Karin Smit", "function": "schoolmaatschappelijk werker"},
                ],
                "question": "Wat heeft deze leerling nodig om weer tot leren te komen?",
                "decisions": decisions,
                "actions": [
                    {
                        "id": "a1",
                        "owner": "Ilse Bakker",
                        "description": "Ouders bellen over de uitkomst van het overleg.",
                        "due": day + dt.timedelta(days=14),
                    }
                ],
            },
        )
        if rid is not None and self.rng.random() < 0.85:
            self.add(
                day + self.days(3, 20), "action_update", {"action": f"{rid}#a1", "status": "done"}
            )

    def build(self, created: dt.date) -> dict[str, Any]:
        rng = self.rng
        home = self.pick(MUNICIPALITIES)
        cats = sorted({self.pick(CATEGORIES) for _ in range(rng.choice([1, 1, 2, 3]))})
        day = created
        self.add(
            day,
            "signal",
            {
                "observed_by": "leerkracht",
                "settings": ["classroom"],
                "since": rng.choice(["weeks", "months", "half_year", "longer"]),
                "categories": cats,
                "description": "In de klas valt op dat de leerling moeite heeft met de taak "
                "en snel afgeleid is.",
            },
        )
        if rng.random() < 0.85:
            self.talk(day + self.days(1, 10), "signal")
        plans = 0
        if rng.random() < 0.85:
            for _ in range(rng.choice([1, 1, 2, 3])):
                day += self.days(5, 20)
                start = day
                end = start + dt.timedelta(days=42)
                pid = self.add(
                    day,
                    "plan",
                    {
                        "plan_type": "group_plan",
                        "area": rng.choice(AREAS),
                        "goals": ["De leerling beheerst de leerstof van deze periode."],
                        "approach": "Verlengde instructie in een klein groepje, drie keer per "
                        "week.",
                        "responsible": "leerkracht",
                        "start": start,
                        "end": end,
                        "evaluation_date": end,
                    },
                )
                day = end
                if pid is not None and rng.random() < 0.9:
                    self.add(
                        day,
                        "evaluation",
                        {
                            "plan": pid,
                            "outcome": rng.choice(["met", "partly", "not_met", "not_met"]),
                            "what_worked": "De instructie in het kleine groepje hielp.",
                            "what_did_not": "Zelfstandig werken blijft lastig.",
                        },
                    )
                    plans += 1
        stage = rng.random()
        referred_from = None
        if stage < 0.03:  # a very serious case goes straight to the ZAT
            day += self.days(1, 5)
            self.talk(day, "before_zat", leaflet_given=True, question_together=True)
            self.consent(day, "zat")
            self.add(
                day,
                "zat_registration",
                {
                    "help_question": "Hoe zorgen we snel voor veiligheid en passende hulp?",
                    "direct_reason": "Ernstige zorg over de veiligheid thuis.",
                },
                overrides=[
                    {
                        "rule": "step_order",
                        "reason": "Acute zorg over veiligheid.",
                        "decided_by": "Dirk de Wit",
                    }
                ],
            )
            day += self.days(7, 30)
            self.meeting(day, "zat", ["refer"])
            referred_from = day
        elif stage < 0.40 and plans:
            day += self.days(5, 30)
            self.talk(day, "before_care_team", home_situation="Rustig, twee ouders thuis.")
            self.consent(day, "zorgteam")
            self.add(
                day + self.days(0, 3),
                "care_team_registration",
                {
                    "triggers": ["too_little_profit"],
                    "help_question": "Welke aanpak helpt deze leerling verder met de basisvaardig"
                    "heden?",
                },
            )
            day += self.days(10, 40)
            decision = self.pick(
                [
                    ("advice", 30),
                    ("light_help", 20),
                    ("diagnostics", 12),
                    ("action_plan", 12),
                    ("pass_to_zat", 18),
                    ("guide_to_care", 8),
                ]
            )
            self.meeting(day, "zorgteam", [decision])
            self.talk(day + self.days(2, 12), "after_care_team")
            if decision == "action_plan":
                start = day + self.days(7, 14)
                self.add(
                    start,
                    "plan",
                    {
                        "plan_type": "action_plan",
                        "area": rng.choice(AREAS),
                        "goals": ["De leerling werkt twintig minuten zelfstandig."],
                        "approach": "Dagelijkse begeleiding met een vast stappenplan.",
                        "responsible": "leerkracht",
                        "start": start,
                        "end": start + dt.timedelta(days=42),
                        "evaluation_date": start + dt.timedelta(days=42),
                        "parents_agreed": start,
                    },
                )
            if decision == "pass_to_zat":
                day += self.days(7, 30)
                self.talk(day, "before_zat", leaflet_given=True, question_together=True)
                self.consent(day, "zat")
                self.add(
                    day + self.days(0, 5),
                    "zat_registration",
                    {
                        "help_question": "Wat heeft deze leerling nodig dat de school niet kan "
                        "bieden?"
                    },
                )
                day += self.days(20, 60)
                self.meeting(
                    day, "zat", [self.pick([("refer", 50), ("advice", 30), ("diagnostics", 20)])]
                )
                self.talk(day + self.days(2, 12), "zat_outcome")
                if rng.random() < 0.6:
                    referred_from = day
            elif decision == "guide_to_care" and rng.random() < 0.6:
                referred_from = day
        if referred_from is not None:
            self.refer(referred_from, home)
        if self.records and rng.random() < 0.03:
            last = max(b["date"] for _, b in self.records)
            self.add(
                last + self.days(10, 40),
                "dormant",
                {
                    "review_date": last + self.days(60, 120),
                    "reason": "Even afwachten hoe het na de vakantie gaat.",
                },
            )
        elif self.records and rng.random() < 0.6:
            last = max(b["date"] for _, b in self.records)
            self.add(
                last + self.days(20, 120),
                "closure",
                {
                    "reason": self.pick(
                        [
                            ("goals_met", 50),
                            ("care_taken_over", 20),
                            ("moved", 10),
                            ("left_school", 15),
                            ("stopped", 5),
                        ]
                    ),
                    "parents_told": "De ouders weten dat het dossier is afgesloten en bij wie "
                    "ze terechtkunnen.",
                },
            )
        return self.case(created, home)

    def refer(self, day: dt.date, home: str) -> None:
        rng = self.rng
        destination = self.pick(
            [
                ("youth_care", 55),
                ("sbo", 15),
                ("ggz", 20),
                ("veilig_thuis", 5),
                ("extra_support", 5),
            ]
        )
        day += self.days(3, 20)
        fields: dict[str, Any] = {
            "destination": destination,
            "reason": "De hulpvraag gaat verder dan wat de school kan bieden.",
        }
        fields["institution"] = {
            "youth_care": f"lt-{slugify(home)}",
            "sbo": "sbo-de-brug",
            "ggz": "ggz-jeugd",
            "veilig_thuis": "veilig-thuis",
            "extra_support": "swv-delft",
        }[destination]
        if destination == "sbo":
            fields["handelingsverlegenheid"] = (
                "Na drie groepsplannen en een handelingsplan blijft de leerling te ver achter."
            )
            fields["directeur_signoff"] = {"name": "Dirk de Wit", "date": day}
        fields["expected_feedback"] = day + dt.timedelta(days=42)
        rid = self.add(day, "referral", fields)
        if rid is None:
            return
        if rng.random() < 0.8:
            day += self.days(7, 50)
            self.add(
                day,
                "feedback",
                {
                    "referral": rid,
                    "feedback": "registration_confirmed",
                    "status": "accepted",
                    "next_expected": day + dt.timedelta(days=60),
                },
            )
            roll = rng.random()
            if roll < 0.65:
                day += self.days(20, 200)
                self.add(
                    day,
                    "feedback",
                    {"referral": rid, "feedback": "care_started", "status": "started"},
                )
            elif roll < 0.8:
                day += self.days(10, 60)
                self.add(
                    day,
                    "feedback",
                    {
                        "referral": rid,
                        "feedback": "waiting_list",
                        "status": "waiting_list",
                        "next_expected": day + dt.timedelta(days=90),
                    },
                )

    def case(self, created: dt.date, home: str) -> dict[str, Any]:
        rng = self.rng
        age = rng.randint(5, 12)
        born = created - dt.timedelta(days=age * 365 + rng.randrange(365))
        last = rng.choice(LAST)
        case: dict[str, Any] = {"created": created, "route": "po-1-zorgroute", "route_version": 1}
        if self.school:
            case["school"] = self.school
        case["pupil"] = {
            "first_name": rng.choice(FIRST),
            "last_name": last,
            "birth_date": born,
            "sex": rng.choice(["girl", "boy"]),
            "home_municipality": home,
            "group": f"{min(8, max(1, age - 3))}{rng.choice('ab')}",
        }
        case["family"] = {
            "custody": "joint",
            "adults": [
                {
                    "id": "moeder",
                    "name": f"{rng.choice(['Ria', 'Anna', 'Fatima', 'Petra'])} {last}",
                    "relation": "mother",
                    "authority": True,
                },
                {
                    "id": "vader",
                    "name": f"{rng.choice(['Tom', 'Kees', 'Ahmed', 'Erik'])} {last}",
                    "relation": "father",
                    "authority": True,
                },
            ],
        }
        return case


def generate(
    out: Path,
    cases: int,
    seed: int = 7,
    today: dt.date = dt.date(2026, 11, 23),
    schools: int = 1,
    years: int = 4,
) -> int:
    """Write a repository with `cases` cases to `out`; returns the number of records."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "cases").mkdir(parents=True)
    (out / "cases" / ".gitkeep").touch()
    (out / "zorgroute.yaml").write_text(
        to_yaml(config(schools), "schemas/config.schema.json"), encoding="utf-8"
    )
    (out / ".gitignore").write_text(
        ".zorgroute.lock\n.zorgroute-cache/\n*.tmp-*\n", encoding="utf-8"
    )
    schema_src = Path(__file__).resolve().parent.parent / "schemas"
    if schema_src.is_dir():
        shutil.copytree(schema_src, out / "schemas")
    brins = [f"{10 + i:02d}{chr(65 + i % 26)}{chr(66 + i % 25)}" for i in range(schools)]
    first_day = today - dt.timedelta(days=365 * years)
    span = (today - first_day).days
    seen: set[str] = set()
    total = 0
    for _ in range(cases):
        while True:
            case_id = "".join(rng.choices(ID_ALPHABET, k=8))
            if case_id not in seen:
                seen.add(case_id)
                break
        created = first_day + dt.timedelta(days=rng.randrange(span))
        builder = CaseBuilder(rng, today, rng.choice(brins) if schools > 1 else None)
        case = {"id": case_id, **builder.build(created)}
        folder = out / "cases" / case_id
        (folder / "records").mkdir(parents=True)
        (folder / "case.yaml").write_text(
            to_yaml(case, "../../schemas/case.schema.json"), encoding="utf-8"
        )
        for rid, body in builder.records:
            ref = f"../../../schemas/record-{body['kind']}.schema.json"
            (folder / "records" / f"{rid}.yaml").write_text(to_yaml(body, ref), encoding="utf-8")
        total += len(builder.records)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Maak een synthetische dossierrepository.")
    parser.add_argument("out", type=Path, help="map voor de repository (wordt overschreven)")
    parser.add_argument("--cases", type=int, default=10_000, help="aantal dossiers")
    parser.add_argument("--seed", type=int, default=7, help="startwaarde van het toeval")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date(2026, 11, 23),
        help="geen record ligt na deze datum (JJJJ-MM-DD)",
    )
    parser.add_argument("--schools", type=int, default=1, help="aantal scholen (BRIN)")
    parser.add_argument("--years", type=int, default=4, help="over hoeveel jaar")
    args = parser.parse_args(argv)
    records = generate(args.out, args.cases, args.seed, args.today, args.schools, args.years)
    print(f"{args.cases} dossiers en {records} records geschreven in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
