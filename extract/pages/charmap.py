"""Characters that text layers give wrongly in ways that are known and can be undone.

- Word's Symbol font (equations, `≤`, `≠`, `−`, Greek letters) comes out as its private-use
  codes U+F020-U+F0FF, and the pieces of tall brackets as Adobe's U+F8E5-U+F8FE; they are
  mapped to their signs, so math pages are not taken for broken font maps and formulas keep
  their signs.
- Ligatures (`fi`, `fl`) whose ToUnicode entry was written as bytes of the wrong width come out
  as one CJK character per letter, the letter in the high byte (`昀椀` for `fi`, U+6600 U+6900);
  inside a Latin word they are those letters.
"""
from __future__ import annotations

import re

# Adobe Symbol encoding, 0x20-0xFE (Unicode's SYMBOL.TXT), where it differs from ASCII; the
# extenders of brackets and arrows are their nearest whole signs
_SYMBOL = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅",
    **{0x41 + i: c for i, c in enumerate("ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ")},
    0x5C: "∴", 0x5E: "⊥", 0x60: "‾",
    **{0x61 + i: c for i, c in enumerate("αβχδεφγηιϕκλμνοπθρστυϖωξψζ")},
    0x7E: "∼", 0xA0: "€", 0xA1: "ϒ", 0xA2: "′", 0xA3: "≤", 0xA4: "⁄", 0xA5: "∞", 0xA6: "ƒ",
    0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→",
    0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂",
    0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xBD: "|", 0xBE: "—",
    0xBF: "↵", 0xC0: "ℵ", 0xC1: "ℑ", 0xC2: "ℜ", 0xC3: "℘", 0xC4: "⊗", 0xC5: "⊕", 0xC6: "∅",
    0xC7: "∩", 0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈",
    0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏", 0xD6: "√",
    0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒",
    0xDF: "⇓", 0xE0: "◊", 0xE1: "〈", 0xE2: "®", 0xE3: "©", 0xE4: "™", 0xE5: "∑", 0xE6: "⎛",
    0xE7: "⎜", 0xE8: "⎝", 0xE9: "⎡", 0xEA: "⎢", 0xEB: "⎣", 0xEC: "⎧", 0xED: "⎨", 0xEE: "⎩",
    0xEF: "⎪", 0xF1: "〉", 0xF2: "∫", 0xF3: "⌠", 0xF4: "⎮", 0xF5: "⌡", 0xF6: "⎞", 0xF7: "⎟",
    0xF8: "⎠", 0xF9: "⎤", 0xFA: "⎥", 0xFB: "⎦", 0xFC: "⎫", 0xFD: "⎬", 0xFE: "⎭",
}
SYMBOL_PUA = {0xF000 + code: _SYMBOL.get(code, chr(code)) for code in range(0x20, 0xFF) if code != 0x7F}
# Adobe's private-use codes for the pieces of tall brackets, braces and integrals (MathType)
SYMBOL_PUA.update({0xF8E5 + i: c for i, c in enumerate("‾|—®©™⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪⎮⎞⎟⎠⎤⎥⎦⎫⎬⎭")})
_SUSPECT = re.compile("[\uf020-\uf0fe\uf8e5-\uf8fe\u4100-\u7a00]")
_WIDE_LETTER = re.compile("[\u4100-\u7a00]")


def _letter(m: re.Match) -> str:
    c = ord(m.group())
    return chr(c >> 8) if c & 0xFF == 0 and chr(c >> 8).isalpha() else m.group()


def needs_repair(text: str) -> bool:
    """Whether a text holds any character `repair` would look at (most pages hold none)."""
    return bool(_SUSPECT.search(text))


def repair(text: str) -> str:
    """A word of a text layer with the known mis-mappings undone."""
    if not _SUSPECT.search(text):
        return text
    text = text.translate(SYMBOL_PUA)
    wide = _WIDE_LETTER.findall(text)
    if wide and all(ord(c) & 0xFF == 0 for c in wide):  # real CJK text has any low byte
        text = _WIDE_LETTER.sub(_letter, text)
    return text
