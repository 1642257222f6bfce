"""The award dossier the cluster sends the Sở Nội vụ: one folder per year with the proposal letter, the
minutes, each proposed collective's báo cáo thành tích, optionally each as PDF/A-2b (LibreOffice), a
checklist saying what is in it and what is still a draft, and the same as one zip to attach."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from thidua.atomic import atomic_path, written_file
from thidua.report.pending import Pending

# LibreOffice's PDF export filter: SelectPdfVersion 2 = PDF/A-2b (fonts embedded, sRGB output intent).
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def to_pdf(documents: list[Path], folder: Path) -> str:
    """Convert .docx files to PDF/A-2b beside them; returns '' or why it could not."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "Chưa tạo được bản PDF: máy chưa cài LibreOffice (lệnh soffice)."
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as out:
        args = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", PDF_FILTER]
        done = subprocess.run([*args, "--outdir", out, *map(str, documents)], capture_output=True, timeout=600)
        made = list(Path(out).glob("*.pdf"))
        if done.returncode != 0 or len(made) != len(documents):
            return f"Chưa tạo được đủ bản PDF (LibreOffice trả mã {done.returncode})."
        for pdf in made:
            shutil.copyfile(pdf, folder / pdf.name)
    return ""


def checklist(year: int, documents: dict[str, list[Pending]], pdf_note: str) -> str:
    lines = [f"DANH MỤC HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}", ""]
    for n, (name, pending) in enumerate(documents.items(), 1):
        state = "DỰ THẢO: " + "; ".join(p.what for p in pending) if pending else "sẵn sàng trình ký"
        lines.append(f"{n}. {name} ({state})")
    if pdf_note:
        lines += ["", pdf_note]
    return "\r\n".join(lines) + "\r\n"  # CRLF: opened in Windows Notepad


def write_dossier(year: int, folder: Path, documents: dict[Path, list[Pending]], pdf: bool) -> tuple[Path, str]:
    """The year's documents copied into `folder` (as this command wrote them), with PDFs when asked, the
    checklist, and the same as a zip beside the folder; returns the zip and the note about PDFs ('' when
    made or not asked). Made whole in a private folder first: the zip holds exactly the files written."""
    names = {p.name: pending for p, pending in documents.items()}
    with tempfile.TemporaryDirectory(prefix="ho-so-") as work:
        made = Path(work) / folder.name
        made.mkdir()
        copies = []
        for source in documents:
            shutil.copyfile(written_file(source), made / source.name)
            copies.append(made / source.name)
        pdf_note = to_pdf(copies, made) if pdf else ""
        (made / "danh-muc-ho-so.txt").write_text(checklist(year, names, pdf_note), encoding="utf-8-sig")
        for path in sorted(made.iterdir()):
            with atomic_path(folder / path.name) as tmp:
                shutil.copyfile(path, tmp)
        archive = folder.parent / f"{folder.name}.zip"
        with atomic_path(archive) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(made.iterdir()):
                bundle.write(path, f"{folder.name}/{path.name}")
    return archive, pdf_note
