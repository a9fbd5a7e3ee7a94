"""Numbers as people write them: '1,200', '2.5k', '~90', 'twelve hundred', 'a dozen'.

Digit runs are bounded (at most 9 digits, checked with look-arounds), so a hostile
run of 20,000 digits is skipped in linear time and never reaches int().
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "dozen": 12, "couple": 2, "half": 0.5,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_WORD = "|".join(sorted([*UNITS, *TENS, *SCALES], key=len, reverse=True))
# A written number: up to six number words joined by spaces, hyphens or "and".
WORDS = rf"(?:{_WORD})(?:(?:[\s-]+|\s+and\s+)(?:{_WORD})){{0,5}}"
DIGITS = r"(?<![\d.,])\d{1,3}(?:,\d{3}){1,2}(?![\d,])|(?<![\d.,])\d{1,9}(?:\.\d{1,2})?(?![\d])"
NUMBER = rf"(?:{DIGITS})(?:\s?[kK]\b|ish\b|\b)|\b(?:{WORDS})\b"


def parse_number(token: str) -> float | None:
    """'1,200' -> 1200, '2.5k' -> 2500, 'twelve hundred' -> 1200, 'a dozen' -> 12."""
    raw = token.strip().lower().replace(" ", "").removesuffix("ish")
    scale = 1.0
    if raw.endswith("k") and raw[:-1].replace(".", "", 1).replace(",", "").isdigit():
        raw, scale = raw[:-1], 1000.0
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){1,2}", raw):
        return float(raw.replace(",", "")) * scale
    if re.fullmatch(r"\d{1,9}(?:\.\d{1,2})?", raw):
        return float(raw) * scale
    return _words(token)


def _words(token: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", token.lower()) if w and w != "and"]
    if not words:
        return None
    if len(words) > 1 and words[0] in ("a", "an") and words[1] not in (*SCALES, "dozen", "couple"):
        words = words[1:]  # "a four-year plan" is four, not five
    total, current = 0.0, 0.0
    for word in words:
        if word in UNITS:
            current += UNITS[word] if word != "dozen" else (current or 1) * 11
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            scale = SCALES[word]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0.0
            else:
                current = (current or 1) * scale
        else:
            return None
    return total + current
