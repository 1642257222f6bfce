"""A scripted mutation run: break one rule at a time in a copy of the tree and check the suite notices.

Usage: .venv/bin/python scripts/mutate.py [-j 2] [NAME ...]     (make mutate)
Each mutant replaces one exact snippet (it must occur once); the suite runs with -x in a fresh copy,
two at a time. A mutant is killed when the suite fails. Survivors are printed with their description;
the README lists them with the reason each is harmless.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
PYTEST = [str(PY), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=20231", "-W", "ignore"]

# name → (file, original, mutated, what the mutant breaks)
MUTANTS: dict[str, tuple[str, str, str, str]] = {
    "approx-near-half": (
        "thidua/numbers.py",
        "if high - value <= step / 5:",
        "if high - value <= step / 2:",
        "“gần” threshold moved from 1/5 to 1/2 of a step",
    ),
    "round-half-even": (
        "thidua/numbers.py",
        "quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)",
        "quantize(Decimal(1).scaleb(-decimals))",
        "prose rounds half to even",
    ),
    "date-month-pad": (
        "thidua/numbers.py",
        'month = f"{d.month:02d}" if d.month <= 2',
        'month = f"{d.month:02d}" if d.month <= 1',
        "February loses its leading zero",
    ),
    "count-pad": ("thidua/numbers.py", "and 0 < value < 10:", "and 0 < value < 1:", "small counts not padded"),
    "scale-ignored": (
        "thidua/numbers.py",
        "same_scale = typed & _MAGNITUDES == expected & _MAGNITUDES",
        "same_scale = True",
        "“5.000.000 đồng” read as triệu đồng",
    ),
    "exponent-allowed": (
        "thidua/numbers.py",
        "if _EXPONENT.fullmatch(suffix) or not words",
        "if not words",
        "“1e3” read as 1",
    ),
    "negative-allowed": (
        "thidua/intake/cells.py",
        "    if value < 0:\n",
        "    if value < -1:\n",
        "a small negative accepted",
    ),
    "rule-le-strict": (
        "thidua/intake/rules.py",
        'left["value"] > right["value"] if rule.kind == "le"',
        'left["value"] >= right["value"] if rule.kind == "le"',
        "A ≤ B rule rejects A = B",
    ),
    "not-integer-warning": (
        "thidua/findings.py",
        '"CELL_NOT_INTEGER": (ERROR,',
        '"CELL_NOT_INTEGER": (WARNING,',
        "decimals in counts kept",
    ),
    "rule-warning": (
        "thidua/findings.py",
        '"RULE_VIOLATED": (ERROR,',
        '"RULE_VIOLATED": (WARNING,',
        "broken rules kept",
    ),
    "errors-counted": (
        "thidua/intake/check.py",
        "        if has_errors(sub.findings):\n",
        "        if False:\n",
        "returns with errors reach the totals",
    ),
    "deadline-grace": (
        "thidua/intake/completeness.py",
        "return LATE if arrival.day > deadline else ON_TIME",
        "return LATE if (arrival.day - deadline).days > 1 else ON_TIME",
        "one day of grace",
    ),
    "due-on-deadline-day": (
        "thidua/intake/completeness.py",
        "return NOT_DUE if today <= deadline else MISSING",
        "return NOT_DUE if today < deadline else MISSING",
        "missing on the deadline day itself",
    ),
    "save-time-utc": (
        "thidua/intake/ooxml.py",
        "return moment.astimezone(UTC).astimezone(VN_TZ)",
        "return moment.astimezone(UTC)",
        "save times compared in UTC",
    ),
    "order-by-arrival": (
        "thidua/intake/arrival.py",
        "return (arrival.at or book.received or _NEVER, arrival.saved or _NEVER, book.name)",
        "return (book.received or arrival.at or _NEVER, arrival.saved or _NEVER, book.name)",
        "copy time beats the submission time",
    ),
    "diff-6-digits": (
        "thidua/intake/resubmission.py",
        "return fmt_number(value, 10)",
        'return f"{value:g}"',
        "diffs at 6 significant digits",
    ),
    "window-off-by-one": (
        "thidua/periods.py",
        "first_month = period.month - span + 1",
        "first_month = period.month - span + 2",
        "windows one month short",
    ),
    "last-is-first": (
        "thidua/totals/rollup.py",
        'return expected.assign(order=_order(expected)).groupby(KEYS)["order"].max().rename("final")',
        'return expected.assign(order=_order(expected)).groupby(KEYS)["order"].min().rename("final")',
        "`last` rolled up as first",
    ),
    "max-is-min": (
        "thidua/totals/rollup.py",
        'agg(total="sum", largest="max", average="mean", reported="count")',
        'agg(total="sum", largest="min", average="mean", reported="count")',
        "`max` rolled up as min",
    ),
    "complete-if-any": (
        "thidua/totals/rollup.py",
        'out["reported"] == out["expected"])',
        'out["reported"] >= 1)',
        "one period counts as complete",
    ),
    "ly-any-month": (
        "thidua/totals/rollup.py",
        'both = this_year.merge(before, on=[*KEYS, "year", "month"], suffixes=("", "_prev"))',
        'both = this_year.merge(before.drop(columns="month"), on=[*KEYS, "year"], suffixes=("", "_prev"))',
        "last year's months not matched",
    ),
    "implausible-one-month": (
        "thidua/intake/rules.py",
        "        if len(before) >= 2:",
        "        if len(before) >= 1:",
        "a value judged against one earlier month",
    ),
    "implausible-later-months": (
        "thidua/intake/rules.py",
        "        if value > 0:\n            before.append(value)",
        "        before.append(value)",
        "zero months lower the median",
    ),
    "successor-partial-month": (
        "thidua/totals/successors.py",
        'whole = by_period[by_period["units"] == len(owing)].reset_index()',
        "whole = by_period.reset_index()",
        "a merged unit's last year sums a month one predecessor never reported",
    ),
    "successor-silent": (
        "thidua/totals/successors.py",
        "            used.append(Succession(merge.unit, tuple(merge.predecessors), merge.on, absorbed))",
        "            pass",
        "the report does not say whose figures a merged unit's cùng kỳ is",
    ),
    "next-year-keeps-leavers": (
        "thidua/config/next_year.py",
        'staying = {u["code"] for u in data["units"] if (day_of(u.get("member_until")) or first) >= first}',
        'staying = {u["code"] for u in data["units"]}',
        "next year's cluster keeps units that left",
    ),
    "restore-overwrites": (
        "thidua/cli/restoring.py",
        "        if not target.exists():\n            target.parent.mkdir(parents=True, exist_ok=True)",
        "        if True:\n            target.parent.mkdir(parents=True, exist_ok=True)",
        "a restore writes the backup's copy over a return received since",
    ),
    "ytd-is-window": (
        "thidua/totals/merge.py",
        "ytd = window if owing.year is owing.window else rollup(figures, owing.year, rules, final_periods(owing.year))",
        "ytd = window",
        "year to date = the window",
    ),
    "target-partial-ytd": (
        "thidua/totals/cluster.py",
        '_known(rows["ytd"]) & rows["ytd_complete"].astype(bool)',
        '_known(rows["ytd"])',
        "% of plan over units with gaps",
    ),
    "stock-prorated": (
        "thidua/totals/cluster.py",
        'prorated = rule == "sum" and bool(tg.any())',
        "prorated = bool(tg.any())",
        "stocks pro-rated by month",
    ),
    "change-over-current": (
        "thidua/totals/cluster.py",
        "_ratio(exact(value_matched_last_year) - exact(last_year), last_year) if compared",
        "_ratio(exact(value_matched_last_year) - exact(last_year), value_matched_last_year) if compared",
        "change divided by this year",
    ),
    "ly-months-silent": (
        "thidua/totals/cluster.py",
        'rule != "last" and bool(',
        "False and bool(",
        "partial months not said",
    ),
    "up-down-swapped": (
        "thidua/report/scopes.py",
        '("cmp_up" if change > 0 else "cmp_down")',
        '("cmp_down" if change > 0 else "cmp_up")',
        "“tăng” and “giảm” swapped",
    ),
    "target-base-silent": (
        "thidua/report/scopes.py",
        'if row["target_units"] < row["units"]:',
        "if False:",
        "% of plan over a subset without saying so",
    ),
    "coverage-silent": (
        "thidua/report/movements.py",
        '        elif not r["complete"]:\n',
        "        elif False:\n",
        "a total lacking periods does not say so",
    ),
    "excluded-not-draft": (
        "thidua/totals/merge.py",
        "usable = {(s.unit, s.period.key) for s in checked.counted}",
        "usable = {(s.unit, s.period.key) for s in checked.counted} | set(zip(expected['unit'], expected['period']))",
        "excluded or missing returns no longer make a draft",
    ),
    # The year's scoring.
    "leader-lowest": (
        "thidua/totals/merge.py",
        "best = float(group[value].max())",
        "best = float(group[value].min())",
        "the indicator's leader is the lowest of the units above their plan",
    ),
    "leader-incomplete": (
        "thidua/totals/merge.py",
        "by_unit[complete].astype(bool) & by_unit",
        "by_unit",
        "a unit with missing months can lead an indicator",
    ),
    "steps-either-limit": (
        "thidua/scoring/rules.py",
        "if missing <= s.missing and late <= s.late",
        "if missing <= s.missing or late <= s.late",
        "a timeliness rung is met by either limit",
    ),
    "occurrences-uncapped": (
        "thidua/scoring/rules.py",
        "return min(c.max or ZERO, (c.points or ZERO) * count)",
        "return (c.points or ZERO) * count",
        "points per occurrence are not capped",
    ),
    "incomplete-scored": (
        "thidua/scoring/lines.py",
        "for r in mine.itertuples() if not r.complete)",
        "for r in mine.itertuples() if False)",
        "a target line is scored on a year with missing months",
    ),
    "rank-dense": (
        "thidua/scoring/ranking.py",
        "rank=totals.index(u.total) + 1,",
        "rank=sorted(set(totals), reverse=True).index(u.total) + 1,",
        "ties ranked 1, 2, 2, 3 instead of 1, 2, 2, 4",
    ),
    "tie-broken": (
        "thidua/scoring/ranking.py",
        "tied = [u for u in pool[len(chosen) :] if u.total == edge]",
        "tied = []",
        "a tie at the quota is broken silently by list order",
    ),
    "targets-ignored": (
        "thidua/scoring/ranking.py",
        "return not award.all_targets_met or unit.targets_met is True",
        "return True",
        "the flag goes to a unit that missed a registered target",
    ),
    "vote-strict": (
        "thidua/scoring/ranking.py",
        "return members > 0 and Decimal(agree) >= share * members",
        "return members > 0 and Decimal(agree) > share * members",
        "exactly 80 % of the members is not enough",
    ),
    "vote-present": (
        "thidua/scoring/year.py",
        'members = facts.get("members")',
        'members = facts.get("present") or facts.get("members")',
        "the share is taken of the members present, not of all members",
    ),
    "voted-scores-recomputed": (
        "thidua/cli/commands.py",
        "checked, cfg, scoring_through(checked, cfg) or period, folder, pdf=args.pdf",
        "checked, cfg, period, folder, pdf=args.pdf",
        "the annual report rescores on December's data instead of the scores the meeting voted on",
    ),
    "prorate-stocks": (
        "thidua/scoring/year.py",
        'cut = (figures["rollup"] == "sum") & (figures["share_done"] < figures["share_whole"])',
        'cut = figures["share_done"] < figures["share_whole"]',
        "a stock's plan is pro-rated like a cumulative indicator's",
    ),
    "reason-optional": (
        "thidua/intake/scoring_book.py",
        "= score  # kept where the chair typed it\n            continue\n",
        "= score  # kept where the chair typed it\n",
        "an adjustment without a reason is applied anyway",
    ),
    "target-subset-unnamed": (
        "thidua/report/scopes.py",
        'return Part(text, tuple(row["target_unit_codes"]), base)',
        "return Part(text, (), base)",
        "a % of plan over some units is said of the whole cluster",
    ),
    "ly-months-unnamed": (
        "thidua/report/scopes.py",
        'return Part(text, units, "base_ly_units" if fewer else "", months_phrase(known, freq))',
        'return Part(text, units, "base_ly_units" if fewer else "", "")',
        "a change over part of the period does not say which months",
    ),
    "subset-after-comma": (
        "thidua/report/scopes.py",
        '        out += "; " + ", ".join(clauses)',
        '        out += ", " + ", ".join(clauses)',
        "a subset's comparison is attached to the total's figure by a comma",
    ),
    "date-before-meeting-signable": (
        "thidua/report/pending.py",
        "if day is not None and issued < day",
        "if day is not None and issued < day and False",
        "a report dated before the meeting whose votes it states is not a draft",
    ),
    "empty-section-signable": (
        "thidua/report/outline.py",
        'self.pending.append(Pending(self.words["pending_empty"].format(section=title), self.fix(source)))',
        "pass",
        "a section with only the fill-in prompt does not make the document a draft",
    ),
    "stale-proposals": (
        "thidua/report/outline.py",
        "only_period=period.key)",
        'only_period="")',
        "the year-end report repeats what units asked for in June",
    ),
    "millions-not-billions": (
        "thidua/report/prose.py",
        "if larger and abs(value) >= factor:",
        "if larger and abs(value) >= factor * 1000:",
        "4.700 triệu đồng instead of 4,7 tỷ đồng",
    ),
    "legal-basis-undated": (
        "thidua/config/year.py",
        "(self.replaced_on is None or day < self.replaced_on)",
        "True",
        "a document cites a law already replaced on its date",
    ),
    "dossier-half-year-unmarked": (
        "thidua/report/achievement.py",
        'partial = not math.isnan(r["last_year"]) and r["matched"] < r["reported"] and bool(r["matched_months"])',
        "partial = False",
        "a báo cáo thành tích compares the year with half of last year without saying so",
    ),
    "change-rounded-to-whole": (
        "thidua/report/scopes.py",
        'change = rounded(row["change"] if points else row["change_pct"], 1)',
        'change = rounded(row["change"] if points else row["change_pct"], 0)',
        "a change under 0,5% is said “bằng cùng kỳ” though it prints as 0,4%",
    ),
    "percent-float-rounding": (
        "thidua/numbers.py",
        "return exact(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)",
        "return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)",
        "2.247 / 2.000 − 1 = 12,35% rounds on the binary float to 12,3% instead of 12,4%",
    ),
    "percent-float-division": (
        "thidua/numbers.py",
        "return exact(part) * 100 / exact(whole)",
        "return Decimal(float(part) / float(whole) * 100)",
        "8.972 / 8.000 = 112,15% divided in floats (112,1499…) is written 112,1% instead of 112,2%",
    ),
    "band-min-exclusive": (
        "thidua/scoring/ranking.py",
        'if total >= b.min), "")',
        'if total > b.min), "")',
        "a total exactly on a band's minimum falls to the band below",
    ),
    "self-total-adds-deduction": (
        "thidua/scoring/ranking.py",
        "own[0] + own[1] - own[2]",
        "own[0] + own[1] + own[2]",
        "the self-scored total adds the deduction",
    ),
    "same-never-said": (
        "thidua/report/scopes.py",
        '    if change == 0:\n        return words["cmp_same"]',
        '    if False:\n        return words["cmp_same"]',
        "a change that rounds to 0,0% is said “tăng 0%”",
    ),
    "monthly-ytd-wording": (
        "thidua/report/scopes.py",
        'key = "cmp_target" if window_is_ytd else "cmp_target_ytd"',
        'key = "cmp_target"',
        "a monthly report says “bằng …% kế hoạch năm” of the month's figure, not “lũy kế từ đầu năm”",
    ),
    "chair-guard-gone": (
        "thidua/portal/chair_views.py",
        'if request.endpoint in PUBLIC or session.get("actor") == CHAIR:',
        "if True:",
        "the chair's routes are open to anyone",
    ),
    "weighted-mean-plain": (
        "thidua/totals/cluster.py",
        'return _weighted(picked, rows[f"weight_{column}"][where].astype(float))',
        "return float(np.nanmean(picked))",
        "a weighted mean ignores its weights",
    ),
    "rate-summed": (
        "thidua/config/checks.py",
        'if ind.measure.strip() == "%" and ind.across == "sum":',
        "if False:",
        "config accepts a percentage summed across units",
    ),
    "rate-change-relative": (
        "thidua/report/scopes.py",
        'points = row["measure"].strip() == "%"',
        "points = False",
        "a rate's change said as a percentage of a percentage",
    ),
    "leader-among-all": (
        "thidua/scoring/year.py",
        "best = leaders(figures, among=scored)",
        "best = leaders(figures)",
        "a unit that has left sets the bar for those scored",
    ),
    "vote-not-frozen": (
        "thidua/scoring/year.py",
        "        units, found = voted, voted_found\n",
        "",
        "a later run rewrites what the meeting voted",
    ),
    "lateness-on-correction": (
        "thidua/intake/check.py",
        "choice.first",
        "choice.chosen",
        "a correction after the deadline books the report late",
    ),
    "prorate-cluster-share": (
        "thidua/scoring/year.py",
        'figures.loc[cut, "target"] = part["plan"] * part["share_done"] / part["share_whole"]',
        'figures.loc[cut, "target"] = part["plan"] * len(periods) / 12',
        "every unit's plan prorated by the same share, ignoring when it joined",
    ),
    "pact-signed-by-all": (
        "thidua/report/pact.py",
        "signers = [u for u in cfg.units if cfg.is_member(u.code, on, on + timedelta(days=1))]",
        "signers = list(cfg.units)",
        "units that are not members on the signing day sign the pact",
    ),
    "templates-for-everyone": (
        "thidua/cli/commands.py",
        "owing = cfg.members_during(period)",
        "owing = list(cfg.units)",
        "templates for units that do not owe the period",
    ),
    "cache-unpickled": (
        "thidua/intake/cache.py",
        "            return stored.loads(data)",
        "            import pickle; return pickle.loads(bytes.fromhex(data))",
        "the portal loads its cache with pickle",
    ),
    "session-never-expires": (
        "thidua/state/access.py",
        'if row is None or row["expires"] < now().isoformat():',
        "if row is None:",
        "the server keeps a session however long it has been idle",
    ),
    "login-keeps-session-id": (
        "thidua/portal/signin.py",
        "    session.renew = True  # type: ignore[attr-defined]\n",
        "",
        "the session id from before a login stays valid (fixation)",
    ),
    "deadline-same-month": (
        "thidua/periods.py",
        "y, m = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)",
        "y, m = (self.year + 1, 1) if self.month == 12 else (self.year, self.month)",
        "a month's report falls due in the month itself",
    ),
    # Safe as deployed (issue 28): scope, judgements, sessions, codes, counters, limits, headers.
    "upload-by-id-unscoped": (
        "thidua/state/records.py",
        "query = self.mine_select(uploads).where(uploads.c.id == upload_id)",
        "query = select(uploads).where(uploads.c.id == upload_id)",
        "an office opens another cluster's upload by guessing its sequential id",
    ),
    "province-csrf-off": (
        "thidua/portal/app.py",
        "    app = guarded_app(store, cfg.portal, cookie)\n",
        '    app = guarded_app(store, cfg.portal, cookie)\n    app.config["WTF_CSRF_ENABLED"] = province is None\n',
        "the clusters' portals inside a province take forms without their CSRF token",
    ),
    "upload-limit-higher": (
        "thidua/portal/app.py",
        "MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,",
        "MAX_CONTENT_LENGTH=(settings.max_upload_mb + 1) * 1024 * 1024,",
        "the portal takes uploads 1 MB over the configured limit",
    ),
    "waitress-unbounded": (
        "thidua/portal/server.py",
        '        "max_request_body_size": (settings.max_upload_mb + 1) * 2**20,\n',
        "",
        "the server reads a body of any size before the application refuses it",
    ),
    "judge-any-dossier": (
        "thidua/state/dossiers.py",
        'if not opened or latest["id"] != event_id or latest["sha256"] != sha256:',
        "if not opened:",
        "the board accepts a dossier sent after the one it opened",
    ),
    "send-after-accept": (
        "thidua/state/dossiers.py",
        'if latest is not None and latest["action"] == ACCEPTED:\n                return None',
        "if False:\n                return None",
        "an office replaces a dossier the board has accepted",
    ),
    "totp-reused": (
        "thidua/portal/board_views.py",
        'return board().store.use_totp_step(account["id"], step)',
        "return True",
        "a TOTP code signs in twice",
    ),
    "counters-shared": (
        "thidua/state/access.py",
        "return f\"{self.cluster or '-'}|{key}\"",
        "return key",
        "one cluster's wrong passwords lock the board and the other clusters out",
    ),
    "board-untrusted-browser": (
        "thidua/portal/board_views.py",
        "trusted = signin.trusted_device(b.store, DEVICE_COOKIE, b.store.account(username))",
        'trusted = ""',
        "a crowd's guesses lock a board or council member out of their own browser",
    ),
    "password-keeps-sessions": (
        "thidua/state/access.py",
        '        db.execute(self.mine_delete(sessions).where(sessions.c.account_id == account["id"]))\n',
        "",
        "a session opened before a new password stays valid",
    ),
    "dossier-by-magic": (
        "thidua/portal/dossier_files.py",
        'return "pdf" if _is_pdf(data) else None',
        'return "pdf"',
        "a file that only starts like a PDF is stored as a dossier",
    ),
    "redirect-names-host": (
        "thidua/portal/app.py",
        "        response.set_data(_redirect_body(response.location))\n",
        "",
        "a redirect's body links to the host the client forged",
    ),
    "server-pages-bare": (
        "thidua/portal/server.py",
        "            self.response_headers.extend(SECURITY_HEADERS.items())",
        "            pass",
        "the server's own error pages go out without the security headers",
    ),
    "resend-second-row": (
        "thidua/portal/uploads.py",
        "if same is not None and same[1]:",
        "if False:",
        "the same file sent twice is two uploads",
    ),
    # Nothing the office does is lost (issue 29).
    "backup-missing-file-passes": (
        "thidua/cli/archive.py",
        "names != set(listed)",
        "bool(names - set(listed))",
        "a backup with a listed file removed passes verification: the restore brings back less",
    ),
    "fingerprint-without-units": (
        "thidua/intake/cache.py",
        'NOT_JUDGED = ("report", "portal", "mail", "signing")',
        'NOT_JUDGED = ("report", "portal", "mail", "signing", "units")',
        "a unit's code or dates fixed in config keep the outcome judged on the wrong ones",
    ),
    "fingerprint-without-models": (
        "thidua/intake/cache.py",
        'for folder in ("intake", "config"):',
        'for folder in ("intake",):',
        "a change to the config models keeps outcomes judged by the old ones",
    ),
    "index-by-size": (
        "thidua/intake/folder.py",
        'now = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"',
        'now = f"{info.st_size}"',
        "a file edited to the same size is not read again",
    ),
    "copy-by-save-time": (
        "thidua/intake/arrival.py",
        "return (arrival.at or book.received or _NEVER, arrival.saved or _NEVER, book.name)",
        "return (arrival.saved or _NEVER, arrival.at or book.received or _NEVER, book.name)",
        "the copy that counts is the one saved last, not the one received last",
    ),
    "save-time-a-day-late": (
        "thidua/intake/arrival.py",
        "CLOCK_SLACK = timedelta(hours=1)",
        "CLOCK_SLACK = timedelta(days=1)",
        "a save time up to a day after the file was received is believed",
    ),
    "edit-overwritten": (
        "thidua/batch.py",
        '        return Kept(target, self._beside(target, "sua-tay"), EDITED)',
        "        return None",
        "the chair's edits to a report are written over",
    ),
    "open-file-overwritten": (
        "thidua/batch.py",
        "        if any(lock.exists() for lock in lock_files(target)):",
        "        if False:",
        "a report open in Word is written over",
    ),
    "batch-half-written": (
        "thidua/batch.py",
        "        for now_at, was_at in reversed(undo):\n",
        "        for now_at, was_at in []:\n",
        "a failed write leaves half a set of outputs in place",
    ),
    "restore-under-server": (
        "thidua/cli/restoring.py",
        "        with alone(state):\n            yield",
        "        yield",
        "a restore replaces the database under a running portal",
    ),
    "orphans-ignored": (
        "thidua/portal/app.py",
        "    context.adopted = adopt(store, cfg, inputs, today())",
        "    context.adopted = 0",
        "a return stored before a crash stays unrecorded",
    ),
    "outputs-private": (
        "thidua/atomic.py",
        "    os.chmod(name, 0o666 & ~_UMASK)\n",
        "",
        "outputs only their owner can read",
    ),
    "config-remembered-anywhere": (
        "thidua/config/remembered.py",
        '    where = str(path.parent) if path.is_absolute() else f"{os.getcwd()}\\0{path.parent}"',
        '    where = ""',
        "the same config.yaml copied to another folder takes the first folder's template and images",
    ),
    "fingerprint-without-dicts": (
        "thidua/intake/cache.py",
        "        return {str(key): _plain(item) for key, item in value.items()}",
        "        return {}",
        "a changed target keeps the outcomes judged against the old one",
    ),
    "pdf-key-without-properties": (
        "thidua/cli/dossier_pdf.py",
        '                data = _STAMPS.sub(b"", data)',
        '                data = b""',
        "a dossier PDF kept from last run although its document's title (DỰ THẢO or not) changed",
    ),
    "signature-grid-blank-cells": (
        "thidua/report/frame.py",
        '            docx_xml.set_cell(blank, "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>")',
        "            blank.remove(blank.p_lst[0])",
        "a pact with 7 signers: cells without a paragraph, which Word reports as damaged",
    ),
    "stale-removal-of-a-persons-file": (
        "thidua/batch.py",
        "        if record.get(key) == sha256_of(gone):",
        "        if True:",
        "the next run removes the edited copy the console had just said was kept, or the office's own file",
    ),
    "typed-day-month-first": (
        "thidua/config/days.py",
        "        day, month, year = map(int, match.groups())",
        "        month, day, year = map(int, match.groups())",
        "31/01/2023 typed in config.yaml read month first (as an English Excel would): a wrong day, or refused",
    ),
    "signed-pdf-overwritten": (
        "thidua/batch.py",
        "        if signed_pdf(target):  # whoever signed it, the signatures are what the office did",
        "        if False:",
        "a run after `thidua sign` writes an unsigned PDF over the signed one without a word",
    ),
    "retired-signed-pdf-left-in-place": (
        "thidua/batch.py",
        "            if key not in record:  # the office's own signed copy under a name of its own",
        "            if True:",
        "a signed PDF of a document no longer in the dossier stays under its dossier name, read as part of it",
    ),
    "narrow-console-table": (
        "thidua/cli/findings_console.py",
        "    if console.width >= WIDE:",
        "    if True:",
        "Windows' 120-column console gets the seven-column table: a message of two words a line, codes cut in two",
    ),
    "grouped-number-read-as-decimal": (
        "thidua/config/load.py",
        '    for first in "-+123456789":',
        '    for first in "":',
        "max: 500.000 (five hundred thousand as Vietnamese writes it) read as 500: every true figure above it an error",
    ),
    "next-year-drops-comments": (
        "thidua/cli/next_year.py",
        "    source = typed_data(typed)  # the office's comments and layout, kept in next year's file",
        "    source = read_yaml(args.config)",
        "next year's config.yaml written from the parsed data: every comment the office typed lost",
    ),
    "next-year-half-made-folder-left": (
        "thidua/cli/next_year.py",
        "        shutil.rmtree(building, ignore_errors=True)",
        "        pass",
        "Ctrl-C during next-year leaves a half-made folder beside the one asked for",
    ),
    "duplicate-key-kept-silently": (
        "thidua/config/load.py",
        "        if first is not key_node.start_mark:",
        "        if False:",
        "a key typed twice in config.yaml: the last kept without a word, as PyYAML does",
    ),
    "ctrl-c-said-as-a-bug": (
        "thidua/cli/main.py",
        "        if pressed():  # unless Ctrl-C caused it (a library interrupted in its import fails another way)",
        "        if False:",
        "Ctrl-C that a library turned into another error is called an unexpected error, to send to a technician",
    ),
    "unreadable-meeting-time-said-missing": (
        "thidua/report/year_text.py",
        '    if typed:  # written, in a form not read: saying "not yet written" would be untrue',
        "    if False:",
        "the minutes' DỰ THẢO line says the meeting time was not written when it was, in a form not read",
    ),
    "backup-without-the-offices-work": (
        "thidua/written.py",
        "        if signed_pdf(path) or not any(wrote) or sha256_of(path) not in wrote:",
        "        if not any(wrote):",
        "a backup leaves out the signed PDFs and the chair's edits, which no run can make again",
    ),
    "signed-without-the-chairs-edit": (
        "thidua/cli/edited_dossier.py",
        "        if edited is None:\n            continue",
        "        if True:\n            continue",
        "the chair corrects the tờ trình in Word and signs the PDF made before the correction",
    ),
    "a-missing-signer-unsaid": (
        "thidua/signing/verify.py",
        "    return FileCheck(name, checks, missing=_missing(checks, expected))",
        "    return FileCheck(name, checks)",
        "a dossier signed by the organisation alone reads as signed: nobody says the chair has not signed",
    ),
    "signed-pdf-made-again": (
        "thidua/cli/dossier_pdf.py",
        "    elif signed_pdf(written_file(target)):\n        if why := _why_not_kept(copy, folder, document, earlier):",
        "    elif False:\n        if why := _why_not_kept(copy, folder, document, earlier):",
        "a signed PDF of a document unchanged since is made again, unsigned",
    ),
    "any-pdf-taken-as-signed": (
        "thidua/cli/dossier_pdf.py",
        "            return len(head) == self.size and hashlib.sha256(head).hexdigest() == self.sha256",
        "            return True",
        "a signed PDF of another file put in place of a dossier PDF is kept as if it were thidua's, signed since",
    ),
    "yaml-1-1-booleans": (
        "thidua/config/load.py",
        "    return yaml.load(text, Loader=_loader())",
        '    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))',
        "`on: 2023-07-01` read as the key True",
    ),
    "predecessor-rates-summed": (
        "thidua/totals/successors.py",
        'COMBINED = ("sum", "last")',
        'COMBINED = ("sum", "last", "mean", "max")',
        "a merged unit's last year for a rate or a maximum is the sum of its predecessors'",
    ),
    "successor-second-row": (
        "thidua/totals/successors.py",
        "                elif not _was_member(cfg, merge.unit, first):",
        "                if True:",
        "a unit that took others in gets a second row for a month it reported itself",
    ),
    "reopened-same-day-ignored": (
        "thidua/scoring/frozen.py",
        "reopening.on >= record.held.date()",
        "reopening.on > record.held.date()",
        "a reopening decided on the meeting's own day leaves its votes in force",
    ),
    "no-candidate-waits": (
        "thidua/report/council_list.py",
        "        if stage not in DONE:",
        "        if stage != VOTED:",
        "a cluster whose meeting found no candidate keeps the council list a draft for ever",
    ),
    "head-confirms-own-unit": (
        "thidua/report/achievement.py",
        "    if not unit.leads or (",
        "    if True or (",
        "the cụm trưởng confirms the report of their own unit",
    ),
    "draft-attachment-ignored": (
        "thidua/report/proposal.py",
        "        if waiting:",
        "        if False:",
        "a tờ trình is final while a report it attaches is a draft",
    ),
    "computed-difference-left-out": (
        "thidua/scoring/meeting.py",
        "or line.final == line.self_score:",
        "or line.final == line.self_score or line.adjusted is None:",
        "the minutes leave out a score computed from the returns that differs from the unit's own",
    ),
    "ballot-threshold-floored": (
        "thidua/scoring/meeting.py",
        "return math.ceil(share * members) if members else 0",
        "return math.floor(share * members) if members else 0",
        "80% of 6 members said to take 4 votes, not 5",
    ),
    "board-scores-itself": (
        "thidua/province/proposals.py",
        "    if office is None:\n        return None\n    return score_year(checked, cfg, office.through, office.doc)",
        "    return score_year(checked, cfg, checked.through) if checked.through else None",
        "the board scores a cluster on its latest data instead of taking the cluster's own scoring",
    ),
    "extent-newline-cell": (
        "thidua/intake/zipsafe.py",
        r"<(?:c(?:[\t\r\n>/]| ",
        r"<(?:c(?:[>/]| ",
        "a cell element written with a newline after its name passes the size guard's fast path",
    ),
    "extent-cells-counted-by-bytes": (
        "thidua/intake/zipsafe.py",
        "if len(refs) == len(_ANY_CELL.findall(xml)):",
        'if len(refs) == xml.count(b"<c ") + xml.count(b"<c>"):',
        "the size guard counts only unprefixed cells followed by a space: a far x:c cell is not seen",
    ),
}


def copy_tree(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True
    ).stdout.split("\n")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def run(name: str) -> tuple[str, bool, float]:
    path, old, new, _ = MUTANTS[name]
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"mutant-{name}-") as tmp:
        tree = Path(tmp)
        copy_tree(tree)
        source = (tree / path).read_text(encoding="utf-8")
        assert source.count(old) == 1, f"{name}: the snippet occurs {source.count(old)} times in {path}"
        (tree / path).write_text(source.replace(old, new), encoding="utf-8")
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("THIDUA_TODAY", None)
        result = subprocess.run(
            # tests/test_mutants.py reads the mutated file and would fail on every mutant (its snippet is gone),
            # killing it whatever the rest of the suite says: it is left out of the mutant's run.
            [*PYTEST, "--ignore=tests/test_mutants.py"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
    return name, result.returncode != 0, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the scripted mutants against the test suite.")
    parser.add_argument("names", nargs="*", help="mutants to run (default: all)")
    parser.add_argument("-j", type=int, default=2, help="mutants run at once (default 2)")
    args = parser.parse_args()
    names = args.names or list(MUTANTS)
    survivors = []
    with ThreadPoolExecutor(args.j) as pool:
        for name, killed, seconds in pool.map(run, names):
            print(f"{'killed  ' if killed else 'SURVIVED'} {name:<22} {seconds:5.0f} s  {MUTANTS[name][3]}", flush=True)
            if not killed:
                survivors.append(name)
    killed = len(names) - len(survivors)
    print(f"\n{killed}/{len(names)} mutants killed ({killed / len(names):.0%})")
    for name in survivors:
        print(f"  survived: {name}: {MUTANTS[name][3]}")
    return 0 if not survivors else 1  # the gate: every mutant killed


if __name__ == "__main__":
    sys.exit(main())
