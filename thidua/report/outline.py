"""The report's skeleton by kind (monthly, quarterly, 6-month, annual) filled from totals and the chair's texts."""

from __future__ import annotations

from dataclasses import dataclass, field

from thidua.config import Config, WindowText
from thidua.intake.completeness import LATE, MISSING, NOT_DUE, ON_TIME, SUBMITTED, UNDATED
from thidua.numbers import fmt_count
from thidua.periods import periods_phrase, window_title
from thidua.report.movements import movement_blocks
from thidua.report.narratives import attributed
from thidua.report.pending import Pending
from thidua.report.prose import ROMAN, Block, next_window, sentence, successor_notes
from thidua.totals.merge import Totals


@dataclass
class Outline:
    subject: str
    blocks: list[Block]
    draft_units: list[str] = field(default_factory=list)  # the reports not included, each with its unit and why
    texts: WindowText = field(default_factory=WindowText)
    pending: list[Pending] = field(default_factory=list)  # what the chair still has to write or decide


def window_texts(cfg: Config, kind: str, period_key: str) -> WindowText:
    base = cfg.report.texts.get("default", WindowText())
    own = cfg.report.texts.get(f"{kind}-{period_key}", WindowText())
    return base.model_copy(update={k: v for k, v in own.model_dump().items() if v})


def fill(template: str, **values: str) -> str:
    return template.format(**values)


def _numbered(kind: str, items: list[str]) -> list[Block]:
    return [Block(kind, f"{n}. {sentence(t)}") for n, t in enumerate(items, 1)]


def _bullets(items: list[str]) -> list[Block]:
    return [Block("para", f"- {sentence(t)}") for t in items]


def _commendations(totals: Totals, cfg: Config, words: dict[str, str], window: str) -> list[Block]:
    com = totals.commendations
    if com.empty:
        return [Block("para", words["commendations_none"])]
    intro = fill(
        words["commendations_total"],
        window=window,
        collectives=fmt_count(com["collectives"].sum()),
        individuals=fmt_count(com["individuals"].sum()),
    )
    blocks = [Block("para", intro + ":")]
    grouped = com.groupby(["level", "form"], sort=False)[["collectives", "individuals"]].sum().reset_index()
    levels = [lv for lv in cfg.commendation_levels if lv in set(grouped["level"])]
    for level in levels:
        parts = []
        for r in grouped[grouped["level"] == level].itertuples():
            pairs = ((r.collectives, words["collectives"]), (r.individuals, words["individuals"]))
            who = [f"{fmt_count(n)} {label}" for n, label in pairs if n]
            parts.append(f"{r.form} cho {', '.join(who)}")
        blocks.append(Block("para", f"- {fill(words['commendation_level'], level=level)}: {'; '.join(parts)}."))
    return blocks


def _who(rows, cfg: Config) -> str:
    return ", ".join(f"{cfg.unit(r.unit).short_name} {r.label}" for r in rows.itertuples())


def _timeliness(totals: Totals, cfg: Config, words: dict[str, str]) -> tuple[list[str], list[str]]:
    """(strengths, shortcomings) about sending reports on time, over the reports already due."""
    due = totals.timeliness[totals.timeliness["status"] != NOT_DUE]
    if due.empty:
        return [], []
    on_time = (due["status"] == ON_TIME).sum()
    good = fill(words["timeliness_ok"], submitted=f"{fmt_count(on_time)}/{len(due)}")
    if undated := (due["status"] == UNDATED).sum():
        good += "; " + fill(words["timeliness_undated"], undated=fmt_count(undated))
    bad = []
    for status, key, count in ((LATE, "timeliness_late", "late"), (MISSING, "timeliness_missing", "missing")):
        rows = due[due["status"] == status]
        if len(rows):
            bad.append(fill(words[key], **{count: fmt_count(len(rows))}, who=_who(rows, cfg)))
    return [good], bad


DRAFT_REASONS = (((MISSING,), "draft_missing"), ((NOT_DUE,), "draft_not_due"), (SUBMITTED, "draft_excluded"))


def _draft_units(totals: Totals, cfg: Config, words: dict[str, str]) -> list[str]:
    """'báo cáo tháng 6 năm 2023 của Hội Cựu chiến binh tỉnh chưa nộp' for each unit and reason: the
    months missing, not the unit, so a unit with five of six months in is not read as left out."""
    out = []
    freq = totals.period.freq
    for unit, rows in totals.missing.groupby("unit", sort=False):
        name = cfg.unit(str(unit)).short_name
        for statuses, key in DRAFT_REASONS:
            part = rows[rows["status"].isin(statuses)]
            if not part.empty:
                out.append(fill(words[key], periods=periods_phrase(list(part["period"]), freq), unit=name))
    return out


@dataclass
class Sections:
    """Builds headed sections and remembers each one left empty, so the document says it is a draft."""

    words: dict[str, str]
    texts_key: str  # "nam-2023-12": where the chair's texts for this report live in config.yaml
    pending: list[Pending] = field(default_factory=list)

    def section(self, level: str, title: str, content: list[Block], source: str) -> list[Block]:
        """`source` is the field of the chair's texts that fills it, or "" when only units' narratives do."""
        if not content:
            self.pending.append(Pending(self.words["pending_empty"].format(section=title), self.fix(source)))
            content = [Block("note", self.words["to_fill"])]
        return [Block(level, title), *content]

    def fix(self, source: str) -> str:
        if source:
            return f"ghi report.texts.{self.texts_key}.{source} trong config.yaml"
        return "các đơn vị ghi ở sheet “Thuyết minh” của báo cáo"


def _opening(text: str) -> str:
    text = text.strip()
    return text if text.endswith((":", ".")) else text + ":"


def _results(totals: Totals, cfg: Config, words: dict[str, str], heading: str) -> list[Block]:
    """Results by movement, then units' highlights and new models."""
    blocks = [Block("h1", heading), Block("para", sentence(words["movements_intro"]).rstrip(".") + ":")]
    for n, mov in enumerate(cfg.movements, 1):
        if body := movement_blocks(totals, cfg, mov.code, words):
            blocks += [Block("h2", f"{n}. {mov.name}"), *body]
    extra = len(cfg.movements)
    for section in ("highlights", "models"):
        if lines := attributed(cfg, totals.narratives, {section}):
            extra += 1
            blocks += [Block("h2", f"{extra}. {words[section]}"), *_bullets(lines)]
    return blocks


def _assessment(totals: Totals, cfg: Config, texts: WindowText, heading: str, sections: Sections) -> list[Block]:
    words = sections.words
    good, bad = _timeliness(totals, cfg, words)
    strengths = f"1. {words['strengths']}"
    blocks = [Block("h1", heading)]
    if texts.strengths:
        blocks += sections.section("h2", strengths, _bullets(list(texts.strengths) + good), "strengths")
    else:  # a line about punctual returns is not an assessment of the period's work
        reason = words["pending_only_timeliness"] if good else words["pending_empty"]
        sections.pending.append(Pending(reason.format(section=strengths), sections.fix("strengths")))
        blocks += [Block("h2", strengths), *_bullets(good), Block("note", words["to_fill"])]
    own = list(texts.shortcomings) + attributed(cfg, totals.narratives, {"shortcomings"})
    blocks += sections.section("h2", f"2. {words['shortcomings']}", _bullets(own + bad), "shortcomings")
    blocks += sections.section("h2", f"3. {words['causes']}", _bullets(list(texts.causes)), "causes")
    return blocks


def build_outline(
    totals: Totals, cfg: Config, words: dict[str, str], extra: tuple[str, list[Block]] | None = None
) -> Outline:
    """Review reports (6 months, year) have Phần I (results, assessment) and Phần II (directions);
    monthly and quarterly reports give results, commendations and, if written, next tasks. `extra` is a
    section (title, blocks) placed after the commendations: the annual report's scoring results."""
    period, kind = totals.period, totals.kind
    window, nxt = window_title(period, kind), next_window(period, kind)
    texts = window_texts(cfg, kind, period.key)
    sections = Sections(words, f"{kind}-{period.key}")
    # "… 6 tháng đầu năm và phương hướng, nhiệm vụ 6 tháng cuối năm 2023": one year, said once
    same_year = kind != "nam" and nxt.endswith(f" {period.year}")
    subject = fill(words[f"subject_{kind}"], window=window_title(period, kind, not same_year), next_window=nxt)
    opening = fill(texts.opening or cfg.report.opening, year=str(period.year), cluster=cfg.cluster.name, window=window)
    blocks = [Block("para", _opening(opening))]
    draft = _draft_units(totals, cfg, words)
    if draft:
        blocks.append(Block("note", fill(words["draft_note"], who="; ".join(draft))))
    blocks += [Block("para", note) for note in successor_notes(totals.successions, period.year, cfg, words)]
    review = kind in ("6thang", "nam")
    sec = iter(ROMAN)
    if review:
        blocks += [
            Block("part", words["part1"]),
            Block("part_title", fill(words["part1_title"], window=window).upper()),
        ]
        leadership = _bullets(attributed(cfg, totals.narratives, {"leadership"}))
        blocks += sections.section("h1", f"{next(sec)}. {words['leadership']}", leadership, "")
    blocks += _results(totals, cfg, words, f"{next(sec)}. {words['movements'] if review else words['results']}")
    blocks += [Block("h1", f"{next(sec)}. {words['commendations']}"), *_commendations(totals, cfg, words, window)]
    if extra:
        blocks += [Block("h1", f"{next(sec)}. {extra[0]}"), *extra[1]]
    if review:
        blocks += _assessment(totals, cfg, texts, f"{next(sec)}. {words['assessment']}", sections)
        blocks += [
            Block("part", words["part2"]),
            Block("part_title", fill(words["part2_title"], next_window=nxt).upper()),
        ]
        sec = iter(ROMAN)
        blocks += sections.section("h1", f"{next(sec)}. {words['tasks']}", _numbered("para", texts.tasks), "tasks")
        solutions = _numbered("para", texts.solutions)
        blocks += sections.section("h1", f"{next(sec)}. {words['solutions']}", solutions, "solutions")
    elif texts.tasks or kind == "quy":  # a quarterly subject promises next quarter's tasks
        tasks = _numbered("para", texts.tasks)
        heading = fill(words["next_tasks"], next_window=nxt).upper()  # the window the subject promises
        blocks += sections.section("h1", f"{next(sec)}. {heading}", tasks, "tasks")
    # Proposals are what units ask for in the returns of the report's last period: a request written in
    # June for that time is not repeated in the year-end report.
    own = attributed(cfg, totals.narratives, {"proposals"}, only_period=period.key)
    if proposals := own + list(texts.proposals):
        blocks += [Block("h1", f"{next(sec)}. {words['proposals']}"), *_bullets(proposals)]
    closing = fill(words["closing"], subject_lower=subject[:1].lower() + subject[1:], cluster=cfg.cluster.name)
    blocks.append(Block("para", closing))
    return Outline(subject, blocks, draft, texts, sections.pending)
