"""`thidua sign` (the dossier's PDFs signed with a PKCS#11 token) and `thidua verify` (any signed PDF, or a
dossier, checked as the board checks it)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from thidua.cli.common import Exit, UsageError, console
from thidua.config import Config


def _dossier_folder(args: argparse.Namespace, cfg: Config) -> Path:
    """The folder given, else the newest dossier under outputs/ (the annual run's, or `score`'s)."""
    if args.dossier is not None:
        folder = args.dossier if args.dossier.is_dir() else args.dossier.with_suffix("")
        if not folder.is_dir():
            raise UsageError(f"Không có thư mục hồ sơ “{args.dossier}”.")
        return folder
    pattern = f"*/ho-so-khen-thuong-{cfg.cluster.file_code}-{cfg.reporting.year}"
    found = sorted((p for p in args.outputs.glob(pattern) if p.is_dir()), key=lambda p: p.stat().st_mtime)
    if not found:
        raise UsageError(
            f"Chưa có hồ sơ khen thưởng năm {cfg.reporting.year} trong “{args.outputs}”: lập bằng thidua run (hoặc "
            "thidua score) trên máy có LibreOffice, rồi ký."
        )
    return found[-1]


def _pin() -> str:
    """Asked each time, never stored nor echoed; read from the standard input when it is not a terminal (a
    script, a test), so the PIN never appears on a command line or in the shell's history."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass("Mã PIN của token: ")
    return (sys.stdin.readline() if sys.stdin else "").rstrip("\r\n")


def cmd_sign(args: argparse.Namespace, cfg: Config) -> Exit:
    from thidua.batch import placed
    from thidua.cli.common import put_in_place
    from thidua.cli.edited_dossier import refresh_edited
    from thidua.periods import VN_TZ
    from thidua.report.lines import doc_number
    from thidua.signing.dossier import sign_dossier, signed_at
    from thidua.signing.package import put_signed
    from thidua.signing.sign import SigningFailed, TokenSigner
    from thidua.words.signatures import index_lines

    folder = _dossier_folder(args, cfg)
    try:
        token = TokenSigner(str(args.pkcs11_lib), args.token or "", args.key or "", _pin())
    except SigningFailed as err:
        console.print(f"[red]{err}[/]")
        return Exit.USAGE
    try:
        who = token.identity()
        of = f", {who.organisation}" if who.organisation else ""
        console.print(f"Chứng thư trên token: [bold]{who.name}[/]{of}.")
        proposal = cfg.year_end.proposal if cfg.year_end else None
        symbol = proposal.symbol if proposal else cfg.report.symbol
        number = doc_number(proposal.number if proposal else None, symbol)
        told, held = refresh_edited(folder, cfg.wording())
        for line in told:
            console.print(line)
        put_in_place()  # the documents made again from the chair's edits are what is signed
        outcomes = sign_dossier(folder, token, cfg.signing, number, held)
    except (SigningFailed, ValueError) as err:
        console.print(f"[red]{err}[/]")
        return Exit.USAGE
    finally:
        token.close()
    signed = {o.document.pdf.name: o.data for o in outcomes if o.signed and o.document.pdf is not None}
    lines = [line for o in outcomes if o.document.pdf and o.check for line in index_lines(o.document.pdf.name, o.check)]
    archive = put_signed(folder, signed, lines)
    for o in outcomes:
        name = o.document.pdf.name if o.document.pdf else o.document.title
        if o.signed:
            at = signed_at(o)
            when = f" lúc {at.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}." if at else "."
            console.print(f"Đã ký {name}{when}")
        elif o.note:
            console.print(f"[yellow]{name}: {o.note}.[/]")
    checked = [(o.document.pdf.name, o.check) for o in outcomes if o.document.pdf is not None and o.check]
    if waiting := [f"{name} ({', '.join(check.missing)})" for name, check in checked if check.missing]:
        console.print(f"Còn chờ chữ ký số: {'; '.join(waiting)}.")
    elif checked:
        console.print("Mọi tệp PDF của hồ sơ đã đủ chữ ký số của những người văn bản ghi tên.")
    if not signed:
        named = "; ".join(
            f"{o.document.title}: {', '.join(o.document.signers)}" for o in outcomes if o.document.signers
        )
        console.print(f"[yellow]{who.name} không phải người ký văn bản nào còn chờ ký. Người ký: {named}.[/]")
        return Exit.FINDINGS
    console.print(f"Đã ghi [bold]{placed(archive)}[/] (bản đã ký thay cho bản chưa ký).")
    return Exit.OK


def cmd_verify(args: argparse.Namespace, cfg: Config) -> Exit:
    """Each PDF, or each PDF of a dossier folder (checked against its index: who must sign)."""
    from thidua.signing.dossier import check_file, documents
    from thidua.signing.facts import Expected
    from thidua.signing.verify import check_pdf, load_roots
    from thidua.words.signatures import file_text

    refused = False
    for path in args.files:
        if path.is_dir():
            year, docs = documents(path)
            checks = [(d.pdf.name, check_file(d.pdf, d, year, cfg.signing)) for d in docs if d.pdf and d.pdf.is_file()]
        elif path.is_file():
            roots = load_roots(cfg.signing.trusted_roots)
            checks = [(path.name, check_pdf(path.read_bytes(), path.name, roots, Expected()))]
        else:
            raise UsageError(f"Không có tệp “{path}”.")
        for name, check in checks:
            refused |= not check.ok
            console.print(f"[bold]{name}[/]")
            for line in file_text(check):
                console.print(f"  {'[red]' if not check.ok else ''}{line}{'[/]' if not check.ok else ''}")
    if not cfg.signing.trusted_roots:
        console.print("[yellow]config.yaml chưa ghi signing.trusted_roots: không chứng thư nào được tin cậy.[/]")
    return Exit.FINDINGS if refused else Exit.OK
