"""What the minutes say of the meeting beyond the scores, from the Bình xét sheet: who attended by name,
guests, the voting method and the vote counters, the discussion, the office's changes to self-scores
with their reasons, and when the meeting ended. What the sheet leaves empty keeps the minutes a draft."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from thidua.report.pending import Pending
from thidua.report.prose import Block, listed, sentence
from thidua.report.year_text import SCORING_BOOK_FIX
from thidua.scoring.year import Scores

# A signed record of a vote names who voted, how, until when, and who signs it.
REQUIRED = ("attendees", "method", "ended", "chair", "secretary")


def _items(value: object) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def secret_ballot(scores: Scores) -> bool:
    return "kín" in str(scores.facts.get("method") or "").lower()


def facts_pending(scores: Scores, words: dict[str, str]) -> list[Pending]:
    out = [Pending(words[f"pending_minutes_{key}"], SCORING_BOOK_FIX) for key in REQUIRED if not scores.facts.get(key)]
    if secret_ballot(scores) and not _items(scores.facts.get("counters")):
        out.append(Pending(words["pending_minutes_counters"], SCORING_BOOK_FIX))
    return out


def attendance_blocks(scores: Scores, words: dict[str, str]) -> list[Block]:
    blocks = []
    if people := _items(scores.facts.get("attendees")):
        blocks += [Block("para", words["minutes_attendees"] + ":"), *listed(people)]
    if guests := _items(scores.facts.get("guests")):
        blocks.append(Block("para", words["minutes_guests"].format(guests="; ".join(guests))))
    return blocks


def voting_blocks(scores: Scores, words: dict[str, str]) -> list[Block]:
    blocks = []
    if method := scores.facts.get("method"):
        blocks.append(Block("para", words["minutes_method"].format(method=str(method).strip().rstrip("."))))
    if secret_ballot(scores) and (counters := _items(scores.facts.get("counters"))):
        blocks.append(Block("para", words["minutes_counters"].format(counters=", ".join(counters))))
    return blocks


def discussion_blocks(scores: Scores, words: dict[str, str]) -> list[Block]:
    opinions = _items(scores.facts.get("discussion"))
    return (
        [Block("para", words["minutes_discussion"] + ":")] + [Block("para", f"- {sentence(o)}") for o in opinions]
        if opinions
        else []
    )


def closing(scores: Scores, words: dict[str, str]) -> str:
    """'Cuộc họp kết thúc vào hồi 16 giờ 00 phút cùng ngày.' when the sheet says when."""
    ended = scores.facts.get("ended")
    if isinstance(ended, datetime):
        ended = f"{ended:%H:%M}"
    text = str(ended or "").strip().replace("h", ":")
    hour, _, minute = text.partition(":")
    if hour.isdigit() and (minute.isdigit() or not minute):
        return words["minutes_closing_at"].format(hour=f"{int(hour):02d}", minute=f"{int(minute or 0):02d}")
    return words["minutes_closing"]


def meeting_signers(facts: dict[str, Any]) -> tuple[str, ...]:
    """Who signs the minutes, as their names are written: the secretary and the chair ('Nông Lương Chấn,
    Chủ tịch …' → 'Nông Lương Chấn')."""
    names = (str(facts.get(key) or "").split(",")[0].strip() for key in ("secretary", "chair"))
    return tuple(name for name in names if name)
