"""Vietnamese typed in legacy 8-bit encodings (TCVN3/ABC, VNI) and pasted into Unicode cells."""

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
# Characters TCVN3 text shows that never occur in correctly typed Unicode Vietnamese.
_TCVN3_MARKERS = set("«©¨®ª¬µ¶·¸¹»¼½¾ÆÇÈÉËÐÎÏÑÕÖ×ØÜÞßåæç÷ø\xad¡¢£¤¥¦§")
# Letters only Unicode Vietnamese has (outside Latin-1): their presence makes a text mixed.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
# VNI (VNI-Times) writes a base letter followed by tone/shape bytes that render as these.
_VNI = re.compile(r"[aeiouyAEIOUY][âäùøûõïêëôö](?:[ùøûõï])?|\bñ|ñ[aeiou]")


def detect(text: str) -> str | None:
    """'tcvn3', 'vni' or None."""
    if sum(ch in _TCVN3_MARKERS for ch in text) >= 2 or ("«" in text or "©" in text):
        return "tcvn3"
    if len(_VNI.findall(text)) >= 3 and not _UNICODE_VI.search(text):
        return "vni"
    return None


def convert_tcvn3(text: str) -> str | None:
    """TCVN3 → Unicode, or None when the text mixes in real Unicode Vietnamese (ambiguous)."""
    if _UNICODE_VI.search(text):
        return None
    return "".join(_TCVN3.get(ch, ch) for ch in text)
