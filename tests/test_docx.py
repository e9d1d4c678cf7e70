"""Word and ODT: every document kind parses back with the Markdown's headings and nothing
confidential; the school's reference document gives the styles and the letterhead."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE, Run, example_case, files_under
from rendering import Doc, example_documents

from zorgroute.documents import catalogue

docx = pytest.importorskip("docx")
odf_opendocument = pytest.importorskip("odf.opendocument")

CASE = example_case("Daan")  # the example's case with a ZAT registration
KINDS = {  # every kind of document the example's dossiers hold the records for
    "zat-registration",
    "consent-form",
    "objection-notice",
    "invitation",
    "conversation-report",
    "meeting-report",
    "feedback-letter",
    "action-plan",
    "referral-letter",
    "referral-dossier",
    "parents-overview",
    "opp",
    "school-report",
}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ESCAPE = re.compile(r"\\(.)")


@pytest.fixture(scope="module")
def example_docs() -> list[Doc]:
    return example_documents(("md", "docx", "odt"))


def md_headings(md: str) -> list[str]:
    out = []
    for line in md.split("\n"):
        m = _HEADING.match(line)
        if m:
            text = _ESCAPE.sub(r"\1", m.group(2))
            out.append(text.replace("**", "").replace("*", ""))
    return out


def docx_document(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def docx_headings(data: bytes) -> list[str]:
    return [
        p.text
        for p in docx_document(data).paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


def docx_text(data: bytes) -> str:
    doc = docx_document(data)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def odt_document(data: bytes) -> Any:
    return odf_opendocument.load(io.BytesIO(data))


def odt_headings(data: bytes) -> list[str]:
    from odf import teletype, text

    return [teletype.extractText(h) for h in odt_document(data).getElementsByType(text.H)]


def odt_text(data: bytes) -> str:
    from odf import teletype, text

    doc = odt_document(data)
    return "\n".join(
        teletype.extractText(p) for kind in (text.P, text.H) for p in doc.getElementsByType(kind)
    )


def confidential_texts() -> list[str]:
    out = []
    for path in sorted((EXAMPLE / "cases").glob("*/records/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for note in (data or {}).get("confidential") or []:
            out.append(" ".join(str(note["text"]).split()))
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


# --- every document of the example -----------------------------------------------------------


def test_every_document_kind_of_the_example_is_made_in_word_and_odt(
    example_docs: list[Doc],
) -> None:
    kinds = {d.kind for d in example_docs}
    assert kinds >= KINDS, KINDS - kinds
    assert kinds <= set(catalogue.DOCUMENTS)
    for doc in example_docs:
        assert isinstance(doc.files["docx"], bytes) and isinstance(doc.files["odt"], bytes)


def test_word_and_odt_have_the_headings_of_the_markdown(example_docs: list[Doc]) -> None:
    with_headings = 0
    for doc in example_docs:
        md = doc.files["md"]
        assert isinstance(md, str)
        expected = md_headings(md)
        word, odt = doc.files["docx"], doc.files["odt"]
        assert isinstance(word, bytes) and isinstance(odt, bytes)
        assert docx_headings(word) == expected, doc.label
        assert odt_headings(odt) == expected, doc.label
        with_headings += bool(expected)
        # a letter has no headings: its subject line is there instead
        subject = next((ln for ln in md.split("\n") if ln.startswith("**Betreft")), None)
        if subject is not None:
            line = _ESCAPE.sub(r"\1", subject.strip("*"))
            assert line in docx_text(word) and line in odt_text(odt), doc.label
    assert with_headings >= 10


def test_word_and_odt_carry_no_confidential_text_the_markdown_leaves_out(
    example_docs: list[Doc],
) -> None:
    secrets = confidential_texts()
    assert secrets, "the example should have a confidential contribution"
    shown = 0
    for doc in example_docs:
        md, word, odt = doc.files["md"], doc.files["docx"], doc.files["odt"]
        assert isinstance(md, str) and isinstance(word, bytes) and isinstance(odt, bytes)
        words, odts = flat(docx_text(word)), flat(odt_text(odt))
        for secret in secrets:
            if doc.recipient in ("parent", "parents", "pupil", "teacher"):
                assert secret not in flat(md), doc.label
            if secret not in flat(md):
                assert secret not in words and secret not in odts, doc.label
            else:  # the forum it was meant for gets it, in every format
                assert secret in words and secret in odts, doc.label
                shown += 1
    assert shown >= 1


def test_word_has_the_letterhead_and_page_numbers_in_its_frame(example_docs: list[Doc]) -> None:
    doc = next(d for d in example_docs if d.kind == "zat-registration")
    data = doc.files["docx"]
    assert isinstance(data, bytes)
    word = docx_document(data)
    section = word.sections[0]
    assert "Basisschool De Regenboog" in section.header.paragraphs[0].text
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    # the footer carries the document's own date: the day of the registration
    assert " 2026 · vertrouwelijk" in section.footer.paragraphs[0].text
    assert word.core_properties.title == "Aanmeldformulier ZAT"
    # the page is A4
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_odt_has_the_page_numbers_in_its_footer(example_docs: list[Doc]) -> None:
    doc = next(d for d in example_docs if d.kind == "zat-registration")
    data = doc.files["odt"]
    assert isinstance(data, bytes)
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(data)).read("styles.xml").decode("utf-8")
    assert "text:page-number" in styles and "text:page-count" in styles
    assert "Basisschool De Regenboog" in styles


# --- the school's reference document -----------------------------------------------------------


def set_letterhead(root: Path, key: str, value: str) -> None:
    config = root / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("letterhead:\n", f"letterhead:\n  {key}: {value}\n", 1), encoding="utf-8"
    )


def reference_docx(path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    doc = docx.Document()
    heading = doc.styles["Heading 1"]
    heading.font.name = "Comic Sans MS"
    heading.font.size = Pt(21)
    heading.font.color.rgb = RGBColor(0xAB, 0x12, 0xCD)
    own = doc.styles.add_style("Vertrouwelijk", WD_STYLE_TYPE.PARAGRAPH)
    own.font.name = "Courier New"
    doc.sections[0].header.paragraphs[0].text = "Briefpapier van de school (referentie)"
    doc.sections[0].footer.paragraphs[0].text = "Stichting Regenboog · KvK 000"
    doc.add_paragraph("Deze tekst uit het sjabloon hoort niet in de brief.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def rendered(root: Path, suffix: str) -> list[Path]:
    return sorted((root / "cases" / CASE / "documents").glob(f"*.{suffix}"))


def test_the_schools_reference_docx_gives_styles_and_letterhead(
    example_copy: Path, run: Run
) -> None:
    reference_docx(example_copy / "huisstijl" / "briefpapier.docx")
    set_letterhead(example_copy, "reference_docx", "huisstijl/briefpapier.docx")
    res = run("--repo", example_copy, "render", CASE, "zat-registration", "--format", "docx")
    assert res.exit_code == 0, res.output
    [path] = rendered(example_copy, "docx")
    word = docx.Document(str(path))
    heading = word.styles["Heading 1"]
    assert heading.font.name == "Comic Sans MS"
    assert heading.font.color.rgb == docx.shared.RGBColor(0xAB, 0x12, 0xCD)
    assert [p.style.name for p in word.paragraphs if p.text.startswith("Aanmeldformulier")] == [
        "Heading 1"
    ]
    section = word.sections[0]
    assert section.header.paragraphs[0].text == "Briefpapier van de school (referentie)"
    assert section.footer.paragraphs[0].text == "Stichting Regenboog · KvK 000"
    text = docx_text(path.read_bytes())
    assert "Deze tekst uit het sjabloon" not in text
    assert "Welke hulp hebben Daan en zijn moeder nodig" in text


def test_the_schools_reference_odt_gives_styles_and_letterhead(
    example_copy: Path, run: Run
) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.style import Header, MasterPage, PageLayout, Style, TextProperties
    from odf.text import H, P

    ref = OpenDocumentText()
    style = Style(name="Heading_20_1", displayname="Heading 1", family="paragraph")
    style.addElement(TextProperties(color="#ab12cd", fontsize="21pt"))
    ref.styles.addElement(style)
    layout = PageLayout(name="pl")
    ref.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header = Header()
    header.addElement(P(text="Briefpapier ODT van de school"))
    master.addElement(header)
    ref.masterstyles.addElement(master)
    ref.text.addElement(H(outlinelevel=1, text="Weg ermee"))
    (example_copy / "huisstijl").mkdir()
    ref.save(str(example_copy / "huisstijl" / "briefpapier.odt"))
    set_letterhead(example_copy, "reference_odt", "huisstijl/briefpapier.odt")
    res = run("--repo", example_copy, "render", CASE, "zat-registration", "--format", "odt")
    assert res.exit_code == 0, res.output
    [path] = rendered(example_copy, "odt")
    import zipfile

    with zipfile.ZipFile(path) as z:
        styles = z.read("styles.xml").decode("utf-8")
        content = z.read("content.xml").decode("utf-8")
    assert "#ab12cd" in styles and "Briefpapier ODT van de school" in styles
    assert 'text:style-name="Heading_20_1"' in content
    assert "Weg ermee" not in content
    assert odt_headings(path.read_bytes())[0].startswith("Aanmeldformulier")


@pytest.mark.parametrize(
    "value, message",
    [
        ("../buiten.docx", "ligt buiten de repository"),
        ("bestaat-niet.docx", "het bestand bestaat niet"),
        ("huisstijl/kapot.docx", "geen geldig Word-document"),
        ("huisstijl/brief.txt", "Word-document (.docx)"),
    ],
)
def test_a_bad_reference_docx_is_a_located_dutch_error_and_writes_nothing(
    example_copy: Path, run: Run, value: str, message: str
) -> None:
    (example_copy / "huisstijl").mkdir()
    (example_copy / "huisstijl" / "kapot.docx").write_text("geen zip", encoding="utf-8")
    (example_copy / "huisstijl" / "brief.txt").write_text("tekst", encoding="utf-8")
    (example_copy.parent / "buiten.docx").write_bytes(b"PK")
    set_letterhead(example_copy, "reference_docx", value)
    before = files_under(example_copy)
    res = run("--repo", example_copy, "render", CASE, "zat-registration", "--format", "docx")
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert "zorgroute.yaml" in res.stderr and "letterhead.reference_docx" in res.stderr
    assert message in res.stderr
    assert files_under(example_copy) == before


# --- the commands ---------------------------------------------------------------------------


def test_render_writes_word_and_odt_and_records_both(example_copy: Path, run: Run) -> None:
    res = run(
        "--repo",
        example_copy,
        "render",
        CASE,
        "zat-registration",
        "--format",
        "docx",
        "--format",
        "odt",
    )
    assert res.exit_code == 0, res.output
    assert len(rendered(example_copy, "docx")) == 1 and len(rendered(example_copy, "odt")) == 1
    records = sorted((example_copy / "cases" / CASE / "records").glob("*-document-*.yaml"))
    data = yaml.safe_load(records[-1].read_text(encoding="utf-8"))
    assert sorted(Path(f["path"]).suffix for f in data["files"]) == [".docx", ".odt"]
    res = run("--repo", example_copy, "check")
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_the_meeting_list_in_word_odt_and_pdf(
    example_copy: Path, run: Run, tmp_path: Path, fmt: str
) -> None:
    if fmt == "pdf":
        pytest.importorskip("typst")
    out = tmp_path / f"lijst.{fmt}"
    res = run(
        "--repo",
        example_copy,
        "meeting-list",
        "zorgteam",
        "--date",
        "2026-11-25",
        "--format",
        fmt,
        "--output",
        out,
    )
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    if fmt == "docx":
        assert any(h.startswith("Bespreeklijst") for h in docx_headings(data))
    elif fmt == "odt":
        assert any(h.startswith("Bespreeklijst") for h in odt_headings(data))
    else:
        assert data.startswith(b"%PDF")


def test_the_meeting_list_in_word_needs_a_file(example_copy: Path, run: Run) -> None:
    res = run("--repo", example_copy, "meeting-list", "zorgteam", "--format", "docx")
    assert res.exit_code == 2
    assert "--output" in res.stderr and "Traceback" not in res.output


# --- the address where a window envelope shows it ---------------------------------------------

MM = 1440 / 25.4  # twips per millimetre
WINDOW = {"x": 22, "y": 50, "w": 85, "h": 40}  # DIN 5008 form B, as in the PDF layout
LETTERS = ("parent", "parents", "pupil", "institution")


def is_letter(kind: str) -> bool:
    """A document with an address block (a letter), by its built-in template."""
    from zorgroute.documents.render import builtin_dir

    return "letter_head(" in (builtin_dir() / f"{kind}.md").read_text(encoding="utf-8")


def docx_window(data: bytes) -> tuple[dict[str, float], list[str]]:
    """The frame of the address paragraphs (in mm) and their text, read back from the file."""
    from docx.oxml.ns import qn

    doc = docx_document(data)
    frames, texts = [], []
    for p in doc.paragraphs:
        frame = p._p.pPr.find(qn("w:framePr")) if p._p.pPr is not None else None
        if frame is None:
            continue
        assert frame.get(qn("w:vAnchor")) == frame.get(qn("w:hAnchor")) == "page"
        assert frame.get(qn("w:wrap")) == "notBeside"  # no text beside the address
        frames.append({k: int(frame.get(qn(f"w:{k}"))) / MM for k in ("x", "y", "w", "h")})
        texts.append(p.text)
    assert frames, "no address in a frame"
    assert all(f == frames[0] for f in frames)  # one frame for all address lines
    return frames[0], texts


def odt_window(data: bytes) -> tuple[dict[str, float], list[str]]:
    from odf import draw, teletype, text

    doc = odt_document(data)
    (frame,) = doc.getElementsByType(draw.Frame)
    assert frame.getAttribute("anchortype") == "page"
    assert frame.parentNode is doc.text  # anchored to the page, not inside a paragraph
    place = {
        k: float(frame.getAttribute(name).removesuffix("mm"))
        for k, name in (("x", "x"), ("y", "y"), ("w", "width"), ("h", "height"))
    }
    return place, [teletype.extractText(p) for p in frame.getElementsByType(text.P)]


def test_the_address_of_every_letter_sits_where_a_window_envelope_shows_it(
    example_docs: list[Doc],
) -> None:
    letters = [d for d in example_docs if d.recipient in LETTERS and is_letter(d.kind)]
    assert {d.kind for d in letters} >= {"feedback-letter", "referral-letter", "invitation"}
    for doc in letters:
        md = str(doc.files["md"])
        for fmt, read in (("docx", docx_window), ("odt", odt_window)):
            data = doc.files[fmt]
            assert isinstance(data, bytes)
            try:
                place, lines = read(data)
            except AssertionError as exc:
                raise AssertionError((doc.label, fmt)) from exc
            assert place == pytest.approx(WINDOW, abs=0.05), (doc.label, fmt)
            # the name and address of the recipient, and nothing else, are in the window
            lines = [part for line in lines for part in line.split("\n")]
            assert lines and all(line and line in md for line in lines), (doc.label, fmt, lines)
            assert "Betreft" not in " ".join(lines)


def _bbox_mm(pdf: Path, word: str) -> tuple[float, float]:
    """Where `word` first stands on page 1 of a PDF (left, top in mm), by pdftotext."""
    import subprocess

    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    m = re.search(rf'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>{re.escape(word)}</word>', out)
    assert m, word
    return float(m.group(1)) * 25.4 / 72, float(m.group(2)) * 25.4 / 72


def test_a_word_processor_prints_the_address_in_the_window_and_the_letter_below_it(
    example_docs: list[Doc], tmp_path: Path
) -> None:
    """LibreOffice lays the Word and ODT letter out; the address is read back from the page."""
    import shutil
    import subprocess

    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice and pdftotext are needed to lay out a Word file")
    letter = next(d for d in example_docs if d.kind == "feedback-letter" and d.recipient in LETTERS)
    md = str(letter.files["md"])
    first_name = md.split("\n\n")[1].split()[0]  # the recipient's first name, in the window
    for fmt in ("docx", "odt"):
        source = tmp_path / f"letter.{fmt}"
        data = letter.files[fmt]
        assert isinstance(data, bytes)
        source.write_bytes(data)
        profile = (tmp_path / f"profile-{fmt}").as_uri()  # never the user's own LibreOffice
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path / fmt), str(source)],
            capture_output=True, check=True, timeout=180,
        )  # fmt: skip
        pdf = tmp_path / fmt / "letter.pdf"
        left, top = _bbox_mm(pdf, first_name)
        assert left == pytest.approx(22, abs=1.5), fmt
        assert 49 <= top <= 56, (fmt, top)  # the first line of the address field
        _, body = _bbox_mm(pdf, "Betreft:")
        assert body > WINDOW["y"] + WINDOW["h"], (fmt, body)  # the letter starts below it
