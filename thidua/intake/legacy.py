"""Vietnamese typed in legacy 8-bit encodings (TCVN3/ABC, VNI) and pasted into Unicode cells.

Such text arrives as Latin-1 look-alikes: TCVN3 "Héi N«ng d©n", VNI "Hoäi Noâng daân" for "Hội Nông dân".
"""

from __future__ import annotations

import re

# TCVN3 (ABC, fonts .VnTime/.VnArial) byte → Unicode letter, for the lowercase font and its few capitals.
_TCVN3 = dict(
    zip(
        "¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉË®ÐÌÎÏÑªÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìîóïñòô\xadøõö÷ùýúûüþ¡¢£¤¥¦§",
        "áàảãạăắằẳẵặâấầẩẫậđéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵĂÂÊÔƠƯĐ",
        strict=True,
    )
)
# TCVN3 puts its letters in 0xA1–0xBF, where VNI and real Vietnamese have only punctuation.
_TCVN3_ONLY = re.compile("[\u00a1-\u00ae\u00b5-\u00b9\u00bb-\u00be]")

# VNI (VNI-Times): a base letter followed by a mark byte; i, ơ, ư, đ and ỵ are single bytes.
_VNI_TONES = "ùøûõï"  # sắc, huyền, hỏi, ngã, nặng
_VNI_BREVE = "êéèúüë"  # ă and ă with each tone
_VNI_CIRCUMFLEX = "âáàåãä"  # â/ê/ô and each with each tone
_VNI_SINGLE = {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "î": "ỵ", "ñ": "đ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    toned = {"a": "áàảãạ", "e": "éèẻẽẹ", "o": "óòỏõọ", "u": "úùủũụ", "y": "ýỳỷỹỵ", "ô": "ớờởỡợ", "ö": "ứừửữự"}
    for base, letters in toned.items():
        table |= {base + mark: letter for mark, letter in zip(_VNI_TONES, letters, strict=True)}
    table |= {"a" + mark: letter for mark, letter in zip(_VNI_BREVE, "ăắằẳẵặ", strict=True)}
    for base, letters in {"a": "âấầẩẫậ", "e": "êếềểễệ", "o": "ôốồổỗộ"}.items():
        table |= {base + mark: letter for mark, letter in zip(_VNI_CIRCUMFLEX, letters, strict=True)}
    table |= _VNI_SINGLE
    table |= {k.upper(): v.upper() for k, v in list(table.items())}  # "HOÄI" → "HỘI"
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))
# Marks only VNI produces after a vowel; none of these pairs occurs in real Vietnamese.
_VNI_EVIDENCE = re.compile(r"[aeiouyAEIOUYôöÔÖ][äåæïöøûüëÄÅÆÏÖØÛÜË]|[ñÑ][aeiouâôAEIOUÂÔ]|[æÆ]")
# Letters only Unicode Vietnamese has (outside Latin-1): their presence makes a text mixed.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def detect(text: str) -> str | None:
    """'tcvn3', 'vni' or None."""
    if len(_TCVN3_ONLY.findall(text)) >= 2:
        return "tcvn3"
    if len(_VNI_EVIDENCE.findall(text)) >= 2:
        return "vni"
    return None


def convert(text: str, encoding: str) -> str | None:
    """Legacy text → Unicode, or None when it also holds real Unicode Vietnamese (then it is ambiguous)."""
    if _UNICODE_VI.search(text):
        return None
    if encoding == "tcvn3":
        return "".join(_TCVN3.get(ch, ch) for ch in text)
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text)
