"""Flesch-Douma for Dutch text: 206.835 - 0.93 x words per sentence - 77 x syllables per word.

A small syllable counter: a syllable is a group of vowels ("ij" counts as a vowel); a vowel
with a diaeresis (ë, ï, ö, ü) starts a new one, as in "ideeën" and "geïnteresseerd".
"""

from __future__ import annotations

import re

VOWELS = "aeiouyàáâäèéêëìíîïòóôöùúûüý"
_WORD = re.compile(rf"[A-Za-z{VOWELS}]+(?:['’-][A-Za-z{VOWELS}]+)*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n")


def syllables(word: str) -> int:
    w = word.lower().replace("ij", "i")
    count = 0
    previous_vowel = False
    for ch in w:
        if ch in VOWELS:
            if not previous_vowel or ch in "ëïöü":
                count += 1
            previous_vowel = True
        else:
            previous_vowel = False
    return max(count, 1)


def plain(markdown: str) -> str:
    """Markdown as running text: no markup, no table rules, one line per block."""
    text = re.sub(r"\S+@\S+", " ", markdown)  # an e-mail address is not a word to read
    text = re.sub(r"\\\n", "\n", text)
    text = re.sub(r"[*_#>|`\\]", " ", text)
    text = re.sub(r"^\s*[-:]{3,}.*$", "", text, flags=re.M)
    text = re.sub(r"^\s*-\s+", "", text, flags=re.M)
    return text


def sentences(text: str) -> list[list[str]]:
    out = []
    for chunk in _SENTENCE_END.split(plain(text)):
        words = _WORD.findall(chunk)
        if words:
            out.append(words)
    return out


def flesch_douma(text: str) -> float:
    found = sentences(text)
    words = [w for s in found for w in s]
    if not words:
        return 100.0
    per_sentence = len(words) / len(found)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 0.93 * per_sentence - 77 * per_word
