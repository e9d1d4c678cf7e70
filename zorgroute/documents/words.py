"""Jargon explained where a parent or pupil first reads it (GUIDE §5: plain language, B1).

A letter or overview to parents or the pupil that uses a word from `GLOSSARY` gets one short
sentence explaining it right after the sentence where the word first appears in the running
text. Headings, the subject line, tables and the address block are not running text: a word
that appears only there is explained in a short list at the end instead. A word that first
appears in brackets after its full form ("het zorg- en adviesteam (ZAT)") is explained
already and gets no sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Word:
    word: str
    meaning: str  # for the list at the end: "zorg- en adviesteam: ..."
    sentence: str  # after the first use in the running text

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        flags = 0 if self.word.isupper() else re.IGNORECASE
        return re.compile(rf"(?<![\w-]){re.escape(self.word)}(?![\w-])", flags)


def _w(word: str, meaning: str, what: str | None = None, said: str | None = None) -> Word:
    """`what`: the full form with its article, when the sentence needs one; `said`: the word
    as the sentence names it ("een handelingsplan")."""
    full = what if what is not None else meaning
    return Word(word, meaning, f"Met {said or word} bedoelen wij {full}.")


GLOSSARY: tuple[Word, ...] = (
    _w(
        "ZAT",
        "zorg- en adviesteam: mensen van buiten de school die met ons meedenken",
        "het zorg- en adviesteam: mensen van buiten de school die met ons meedenken",
    ),
    _w(
        "MDO",
        "multidisciplinair overleg: een overleg van mensen met verschillende kennis",
        "een overleg van mensen met verschillende kennis",
    ),
    _w(
        "SMW",
        "schoolmaatschappelijk werk: hulp bij zorgen thuis of op school",
        "het schoolmaatschappelijk werk: hulp bij zorgen thuis of op school",
    ),
    _w(
        "JGZ",
        "jeugdgezondheidszorg: de jeugdarts en de jeugdverpleegkundige",
        "de jeugdarts en de jeugdverpleegkundige",
    ),
    _w("GGD", "de gemeentelijke gezondheidsdienst", "de gezondheidsdienst van de gemeente"),
    _w(
        "GGZ",
        "geestelijke gezondheidszorg: hulp bij psychische problemen",
        "hulp bij psychische problemen",
    ),
    _w(
        "SWV",
        "samenwerkingsverband: de scholen in de regio die samen zorgen voor passend onderwijs",
        "het samenwerkingsverband: de scholen in de regio die samen zorgen voor passend onderwijs",
    ),
    _w(
        "TLV",
        "toelaatbaarheidsverklaring: nodig om naar het speciaal onderwijs te gaan",
        "een verklaring die nodig is om naar het speciaal onderwijs te gaan",
    ),
    _w(
        "SBO",
        "speciaal basisonderwijs: een basisschool met kleinere groepen en meer hulp",
        "een basisschool met kleinere groepen en meer hulp",
    ),
    _w(
        "SO",
        "speciaal onderwijs: een school voor kinderen die veel extra hulp nodig hebben",
        "een school voor kinderen die veel extra hulp nodig hebben",
    ),
    _w("VSO", "voortgezet speciaal onderwijs", "het speciaal onderwijs na de basisschool"),
    _w(
        "OPP",
        "ontwikkelingsperspectiefplan: een plan met het verwachte eindniveau en de hulp",
        "een plan met het niveau dat wij aan het eind verwachten, en de hulp",
    ),
    _w(
        "IB",
        "intern begeleider: de collega die de extra hulp op school regelt",
        "de collega die de extra hulp op school regelt",
    ),
    _w("AVI", "een manier om het leesniveau te meten"),
    _w("RALFI", "een manier van samen hardop lezen om vlotter te leren lezen"),
    _w(
        "inbrenger",
        "degene die de vraag in het overleg inbrengt",
        "degene die de vraag in het overleg inbrengt",
        "de inbrenger",
    ),
    _w("lichte ambulante hulp", "korte hulp van een hulpverlener, op school of thuis"),
    _w(
        "zorgteam",
        "een overleg op school over kinderen die extra hulp nodig hebben",
        said="het zorgteam",
    ),
    _w(
        "groepsplan",
        "een plan voor de hele groep, met wat elk kind nodig heeft",
        said="een groepsplan",
    ),
    _w(
        "orthopedagoog",
        "een deskundige die onderzoekt hoe een kind leert en zich ontwikkelt",
        said="een orthopedagoog",
    ),
    _w(
        "wijkteam",
        "hulpverleners van de gemeente voor vragen over opvoeden en opgroeien",
        said="het wijkteam",
    ),
    _w("dyslexie", "een hardnekkig probleem met lezen en spellen"),
    _w(
        "verwijzingsdossier",
        "alle stukken die de school meestuurt met een aanvraag",
        said="het verwijzingsdossier",
    ),
    _w(
        "toelaatbaarheidsverklaring",
        "een verklaring die nodig is om naar het speciaal onderwijs te gaan",
        said="een toelaatbaarheidsverklaring",
    ),
    _w(
        "handelingsplan",
        "een plan voor een paar weken met doelen en de aanpak",
        "een plan voor een paar weken, met doelen en wat wij doen",
        "een handelingsplan",
    ),
)

_FENCE = re.compile(r"^:::")
_SENTENCE_END = re.compile(r"[.!?](?=\s|\\?$)")


def _running_text(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("#", "|", "**Betreft", ":::"))


def _bracketed(line: str, start: int, end: int) -> bool:
    """Is the word written as '(WORD)', right after its full form?"""
    return line[start - 1 : start] == "(" and line[end : end + 1] == ")"


def _sentence_end(line: str, at: int) -> int:
    """Where the sentence that holds position `at` ends (after its full stop), or -1 when it
    runs to the end of the line without one."""
    m = _SENTENCE_END.search(line, at)
    return m.end() if m is not None else -1


def _insert(line: str, found: list[tuple[int, Word]]) -> str:
    """Each word's sentence after the sentence it first appears in."""
    groups: dict[int, list[str]] = {}
    for at, word in sorted(found, key=lambda f: f[0]):
        groups.setdefault(_sentence_end(line, at), []).append(word.sentence)
    tail = groups.pop(-1, [])
    for end in sorted(groups, reverse=True):
        line = line[:end] + " " + " ".join(groups[end]) + line[end:]
    if tail:
        hard = line.endswith("\\")
        body = (line[:-1] if hard else line).rstrip()
        if body[-1:] not in ".!?":
            body += "."
        line = f"{body} {' '.join(tail)}" + ("\\" if hard else "")
    return line


def explain(markdown: str) -> tuple[str, list[Word]]:
    """The text with each jargon word explained after its first use in the running text,
    and the words that appear only outside it (for a list at the end)."""
    lines = markdown.split("\n")
    pending = [w for w in GLOSSARY if w.pattern.search(markdown)]
    in_address = False
    for i, line in enumerate(lines):
        if _FENCE.match(line.strip()):
            in_address = line.strip() == "::: address" or (in_address and line.strip() != ":::")
            continue
        if in_address or not _running_text(line) or not pending:
            continue
        found: list[tuple[int, Word]] = []
        for word in list(pending):
            m = word.pattern.search(line)
            if m is None:
                continue
            pending.remove(word)
            if not _bracketed(line, m.start(), m.end()):
                found.append((m.end(), word))
        if found:
            lines[i] = _insert(line, found)
    return "\n".join(lines), pending
