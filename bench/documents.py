"""Time the document formats and compare PDF and Word engines; figures to bench/RESULTS.md.

    python bench/documents.py [--repeat 20] [--engines]

The benchmark row: the ZAT form (`zat-registration`) of the example's dossier rendered to
PDF, Word and ODT, time per document, (a) in one process after a first warm-up render, the
cost a command pays per document in a batch, and (b) as the whole `zorgroute render`
command in its own process (start-up, loading the dossier, writing the file and the record).

With `--engines` it also renders every document of the example with each candidate engine,
side by side in one run: xhtml2pdf with embedded TrueType fonts against Typst for PDF, and
python-docx against pandoc (pypandoc-binary) for Word, and checks what each gets right: an
Arabic name read back from the PDF, fonts embedded, a 300-letter word inside the margin.
Engines that are not installed are reported as such (`pip install xhtml2pdf
pypandoc-binary` to measure them). The section in RESULTS.md between the markers below is
replaced; the rest of the file is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "examples" / "de-regenboog"
CASE = next(  # Daan's case, which has a ZAT registration; ids change with each rebuild
    path.parent.name
    for path in sorted((EXAMPLE / "cases").glob("*/case.yaml"))
    if "\n  first_name: Daan\n" in path.read_text(encoding="utf-8")
)
TODAY = "2026-11-23"
BEGIN = "<!-- bench/documents.py: begin -->"
END = "<!-- bench/documents.py: end -->"
NAMES = "Ĳsbrand Şükrü Yılmaz-Łęcka en محمد عبد الله"


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    fn()  # warm-up: fonts, templates, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def zat_form() -> tuple[Any, Any, Any, dt.date]:
    from zorgroute.documents import catalogue
    from zorgroute.domain import engine
    from zorgroute.store.repo import open_repository

    repo = open_repository(EXAMPLE)
    loaded = engine.load(repo, CASE)
    spec = catalogue.find_spec("zat-registration")
    entry = catalogue.pick_record(loaded, spec, None)
    return loaded, spec, entry, dt.date.fromisoformat(TODAY)


def in_process(repeat: int) -> list[tuple[str, float, float]]:
    from zorgroute.documents import catalogue

    loaded, spec, entry, day = zat_form()
    rows = []
    for fmt in ("md", "html", "pdf", "docx", "odt"):

        def render(fmt: str = fmt) -> None:
            catalogue.render_spec(loaded, spec, day, entry, formats=(fmt,))

        median, fastest = timed(render, repeat)
        rows.append((fmt, median, fastest))
    return rows


def as_command(repeat: int) -> list[tuple[str, float, float]]:
    exe = shutil.which("zorgroute") or str(Path(sys.executable).parent / "zorgroute")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "example"
        shutil.copytree(EXAMPLE, copy)
        env = {**os.environ, "ZORGROUTE_TODAY": TODAY, "ZORGROUTE_USER": "benchmark"}
        for fmt in ("pdf", "docx"):
            times = []
            for _ in range(max(3, repeat // 4)):
                start = time.perf_counter()
                subprocess.run(
                    [exe, "--repo", str(copy), "render", CASE, "zat-registration", "--format", fmt],
                    check=True,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                times.append(time.perf_counter() - start)
            rows.append((fmt, statistics.median(times), min(times)))
    return rows


# --- engines side by side ------------------------------------------------------------------


def example_bodies() -> list[tuple[str, str, str, Any]]:
    """(label, markdown body, full HTML page, Meta) of every document of the example."""
    sys.path.insert(0, str(ROOT / "tests"))
    from zorgroute.documents import catalogue
    from zorgroute.documents import render as rd
    from zorgroute.domain import engine
    from zorgroute.store.repo import open_repository

    repo = open_repository(EXAMPLE)
    day = dt.date.fromisoformat(TODAY)
    out = []
    for folder in sorted(p for p in (EXAMPLE / "cases").iterdir() if p.is_dir()):
        loaded = engine.load(repo, folder.name)
        for spec in catalogue.DOCUMENTS.values():
            fitting = [
                e for e in loaded.data.entries if e.kind == spec.record and spec.applies(e.record)
            ]
            if spec.record is not None and not fitting:
                continue
            try:
                rendered = catalogue.render_spec(
                    loaded, spec, day, fitting[-1] if fitting else None, formats=("md", "html")
                )
            except Exception:  # noqa: BLE001 - a form the dossier is not ready for
                continue
            meta = rd.document_meta(repo.root, repo.config, spec.title, day)
            for item in rendered[:1]:
                md = str(item.files["md"])
                body = md.split("\n\n", 1)[1] if md.startswith("**") else md
                out.append((f"{folder.name}/{spec.name}", body, str(item.files["html"]), meta))
    return out


def xhtml2pdf_engine() -> Callable[[str], bytes] | None:
    try:
        from xhtml2pdf import pisa
    except ImportError:
        return None
    import logging

    from zorgroute.documents.formats.pdf import font_dir

    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    fonts = font_dir()
    face = (
        f"@font-face {{ font-family: Noto; src: url('{fonts / 'NotoSans-Regular.ttf'}'); }}"
        f"@font-face {{ font-family: Noto; font-weight: bold; "
        f"src: url('{fonts / 'NotoSans-Bold.ttf'}'); }}"
        "body, p, li, td, th, h1, h2, h3, div { font-family: Noto; }"
    )

    def convert(html: str) -> bytes:
        html = html.replace("</style>", face + "</style>", 1)
        out = io.BytesIO()
        pisa.CreatePDF(html, dest=out, encoding="utf-8")
        return out.getvalue()

    return convert


def pandoc_engine() -> Callable[[str], bytes] | None:
    try:
        import pypandoc
    except ImportError:
        return None

    def convert(markdown: str) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "out.docx"
            pypandoc.convert_text(markdown, "docx", format="commonmark_x", outputfile=str(target))
            return target.read_bytes()

    return convert


def pdf_quality(data: bytes) -> dict[str, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    embedded = True
    for page in reader.pages:
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            desc = (
                font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
                if font.get("/Subtype") == "/Type0"
                else font.get("/FontDescriptor")
            )
            desc = desc.get_object() if desc is not None else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded = False
    words = " ".join(text.split())
    latin = "Ĳsbrand Şükrü Yılmaz-Łęcka" in words
    arabic_words = ("محمد", "عبد", "الله")
    arabic = all(w in words for w in arabic_words)
    return {
        "latin": "ja" if latin else "nee",
        "arabic": "ja" if arabic else "nee",
        "embedded": "ja" if embedded else "nee",
    }


def engines(repeat: int) -> list[str]:
    from zorgroute.documents import formats

    docs = example_bodies()
    lines = [
        f"Every document of the example ({len(docs)} documents), each engine in the same "
        "run, median of the per-document times over "
        f"{max(1, repeat // 10)} rounds after one warm-up round.",
        "",
    ]
    lines += [
        "| engine | median per document (s) | slowest document (s) | total (s) | "
        "Latin names | Arabic name | fonts embedded |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    test_md = f"# Test\n\n{NAMES}\n\n" + "a" * 300 + "\n"
    meta = docs[0][3]
    candidates: list[
        tuple[str, Callable[[tuple[str, str, str, Any]], bytes] | None, Callable[[], bytes] | None]
    ] = []
    x2p = xhtml2pdf_engine()
    candidates.append(
        (
            "PDF: Typst (chosen)",
            lambda d: formats.to_pdf(d[1], d[3]),
            lambda: formats.to_pdf(test_md, meta),
        )
    )
    if x2p is not None:
        from zorgroute.documents.render import md_to_html

        page = docs[0][2]
        head = page.split('<div class="content">')[0]
        test_html = head + '<div class="content">' + md_to_html(test_md) + "</div></body></html>"
        candidates.append(
            ("PDF: xhtml2pdf + embedded Noto Sans", lambda d: x2p(d[2]), lambda: x2p(test_html))
        )
    else:
        candidates.append(("PDF: xhtml2pdf (not installed, not measured)", None, None))
    pandoc = pandoc_engine()
    candidates.append(("Word: python-docx (chosen)", lambda d: formats.to_docx(d[1], d[3]), None))
    candidates.append(("ODT: odfpy (chosen)", lambda d: formats.to_odt(d[1], d[3]), None))
    if pandoc is not None:
        candidates.append(("Word: pandoc (pypandoc-binary)", lambda d: pandoc(d[1]), None))
    else:
        candidates.append(("Word: pandoc (not installed, not measured)", None, None))
    for name, convert, test in candidates:
        if convert is None:
            lines.append(f"| {name} | - | - | - | - | - | - |")
            continue
        for doc in docs:  # warm-up round
            convert(doc)
        per_doc: list[float] = []
        rounds = max(1, repeat // 10)
        for _ in range(rounds):
            for doc in docs:
                start = time.perf_counter()
                convert(doc)
                per_doc.append(time.perf_counter() - start)
        quality = (
            pdf_quality(test())
            if test is not None
            else {"latin": "-", "arabic": "-", "embedded": "-"}
        )
        lines.append(
            f"| {name} | {statistics.median(per_doc):.4f} | {max(per_doc):.4f} | "
            f"{sum(per_doc) / rounds:.2f} | {quality['latin']} | "
            f"{quality['arabic']} | {quality['embedded']} |"
        )
    return lines


def write(section: list[str]) -> None:
    results = HERE / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.is_file() else "# Benchmark results\n"
    block = "\n".join([BEGIN, *section, END]) + "\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + block + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    results.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet hoe snel documenten worden gemaakt.")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--engines", action="store_true", help="vergelijk ook de PDF- en Word-programma's"
    )
    args = parser.parse_args(argv)
    os.environ["ZORGROUTE_TODAY"] = TODAY
    import typst

    section = [
        "## Documents: the ZAT form to PDF and Word",
        "",
        f"Generated by `python bench/documents.py --repeat {args.repeat}"
        f"{' --engines' if args.engines else ''}` on {dt.date.today().isoformat()}. "
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, typst {typst.__version__}.",
        "",
        "The ZAT form (`zat-registration`) of the example's dossier, one recipient.",
        "",
        "| format | in one process: median per document (s) | fastest (s) |",
        "|---|---:|---:|",
    ]
    for fmt, median, fastest in in_process(args.repeat):
        section.append(f"| {fmt} | {median:.4f} | {fastest:.4f} |")
    section += [
        "",
        "| whole command `zorgroute render CASE zat-registration --format F` | "
        "median (s) | fastest (s) |",
        "|---|---:|---:|",
    ]
    for fmt, median, fastest in as_command(args.repeat):
        section.append(f"| {fmt} | {median:.3f} | {fastest:.3f} |")
    if args.engines:
        section += ["", "### PDF and Word engines side by side", "", *engines(args.repeat)]
    write(section)
    print("\n".join(section))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
