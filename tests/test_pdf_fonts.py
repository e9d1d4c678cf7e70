"""PDF: every name prints (embedded fonts that have its letters), page numbers, margins kept,
the address of a letter where a window envelope shows it."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from conftest import example_case
from rendering import Doc, example_documents, font_file, metrics, shipped_fonts

from zorgroute.documents import formats

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("typst")

DAAN = example_case("Daan")  # the example's case with a ZAT registration

MM = 72 / 25.4
A4_WIDTH = 210 * MM
A4_HEIGHT = 297 * MM
MARGIN = 22 * MM  # left and right, see documents/formats/layout.typ
META = formats.Meta(
    "Uitnodiging voor een gesprek",
    "Basisschool De Regenboog",
    "23 november 2026",
    ("Regenbooglaan 12, 2600 AA Delft",),
)

NAMES = [
    "Ĳsbrand Şükrü Yılmaz-Łęcka",
    "Doğan Ğülşen Ölmez",
    "Élodie Zoë Brontë-Çelik",
    "Agnieszka Łukasiewicz-Żółć",
    "Nguyễn Thị Ánh",
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Иванов",
    "محمد عبد الله",
    "فاطمة الزهراء بن علي",
]
LONG_WORD = "a" * 300
LONG_MAIL = (
    "jantje.pietersen-van-der-heijden-de-groot-van-oranje-nassau"
    "@basisschool-de-regenboog-delft-zuid.example.nl"
)


def is_rtl(word: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word)


def logical(line: str) -> str:
    """A PDF holds right-to-left text in visual order; pypdf gives each Arabic word back in
    reading order but the words of a right-to-left run left to right. Turn such runs
    around, so the line reads as it was written."""
    words = line.split(" ")
    out: list[str] = []
    run: list[str] = []
    for word in words:
        if is_rtl(word):
            run.append(word)
            continue
        out += reversed(run)
        run = []
        out.append(word)
    out += reversed(run)
    return " ".join(out)


def reader(data: bytes) -> Any:
    return pypdf.PdfReader(io.BytesIO(data))


def lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() or "" for page in reader(data).pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def fonts_of(data: bytes) -> list[Any]:
    out = []
    for page in reader(data).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            out.append(font.get_object())
    return out


def descriptor(font: Any) -> Any:
    if font.get("/Subtype") == "/Type0":
        return font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    return font.get("/FontDescriptor").get_object() if font.get("/FontDescriptor") else None


@pytest.fixture(scope="module")
def example_pdfs() -> list[Doc]:
    return example_documents(("pdf",))


# --- names ------------------------------------------------------------------------------------


def test_the_shipped_fonts_have_every_letter_of_the_names() -> None:
    covered: set[int] = set()
    for path in shipped_fonts():
        covered |= set(metrics(path.name).cmap)
    missing = {ch for name in NAMES for ch in name if ord(ch) not in covered}
    assert missing == set()


@pytest.mark.parametrize("name", NAMES)
def test_a_name_prints_and_reads_back_exactly(name: str) -> None:
    markdown = f"# Over {name}\n\n{name}\n\n| Naam | Als |\n|---|---|\n| {name} | leerling |\n"
    data = formats.to_pdf(markdown, META)
    got = [logical(line) for line in lines(data)]
    assert f"Over {name}" in got
    assert name in got
    assert f"{name} leerling" in got
    # only zorgroute's own fonts, no fallback of the engine (which would print boxes)
    used = {str(f["/BaseFont"]).split("+", 1)[-1] for f in fonts_of(data)}
    assert used <= {p.stem for p in shipped_fonts()}, used
    if is_rtl(name):
        assert any(u.startswith("NotoSansArabic") for u in used)


def test_data_that_looks_like_markup_prints_as_it_is() -> None:
    tricky = [
        '#set page(width: 1cm) "quoted" \\ back',
        "= no heading",
        "$x$ and @ref",
        "// not a comment",
        "<label> [link] *star* _under_ `tick`",
    ]
    from zorgroute.documents.render import md_escape

    markdown = "\n\n".join(md_escape(t) for t in tricky) + "\n"
    got = lines(formats.to_pdf(markdown, META))
    for text in tricky:
        assert " ".join(text.split()) in got


# --- every PDF of the example ---------------------------------------------------------------


def test_every_pdf_embeds_all_its_fonts(example_pdfs: list[Doc]) -> None:
    assert len(example_pdfs) >= 20
    for doc in example_pdfs:
        data = doc.files["pdf"]
        assert isinstance(data, bytes)
        fonts = fonts_of(data)
        assert fonts, doc.label
        for font in fonts:
            desc = descriptor(font)
            assert desc is not None, (doc.label, font.get("/BaseFont"))
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                doc.label,
                font.get("/BaseFont"),
            )


def test_every_pdf_numbers_its_pages(example_pdfs: list[Doc]) -> None:
    for doc in example_pdfs:
        data = doc.files["pdf"]
        assert isinstance(data, bytes)
        pages = reader(data).pages
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            text = " ".join((page.extract_text() or "").split())
            assert f"pagina {number} van {total}" in text, doc.label
            assert "Basisschool De Regenboog" in text and " 2026 · vertrouwelijk" in text


def chunks(data: bytes) -> list[tuple[int, str, float, float, float]]:
    """(page, text, x start, x end, y) of every text run, x end from the glyph widths."""
    out: list[tuple[int, str, float, float, float]] = []
    for number, page in enumerate(reader(data).pages, start=1):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: Any,
            size: float,
            number: int = number,
        ) -> None:
            if not text.strip() or font is None:
                return
            scale = abs(cm[0] * tm[0]) or 1.0
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            width = metrics(font_file(str(font["/BaseFont"]))).width(text.strip(), size * scale)
            out.append((number, text, x, x + width, y))

        page.extract_text(visitor_text=visit)
    return out


def assert_inside(data: bytes, label: str) -> None:
    """The widths leave out kerning, which only narrows a line: 1 mm slack is plenty."""
    for page, text, start, end, _ in chunks(data):
        assert start >= MARGIN - MM, (label, page, text[:30], start)
        assert end <= A4_WIDTH - MARGIN + MM, (label, page, text[:30], end)


def test_a_300_letter_word_and_a_long_mail_address_stay_inside_the_margins() -> None:
    markdown = (
        f"Een woord: {LONG_WORD} en verder.\n\n- mail {LONG_MAIL}\n\n"
        f"| Naam | E-mail |\n|---|---|\n| Ria | {LONG_MAIL} |\n\n"
        "Hoogbegaafdheidsonderzoeksaanvraagformulierenbijlagenoverzicht.\n"
    )
    data = formats.to_pdf(markdown, META)
    runs = chunks(data)
    assert_inside(data, "lange woorden")
    # the word is really there, spread over several lines, and none of it got lost
    word_lines = {round(y) for _, text, _, _, y in runs if "aaaa" in text}
    assert len(word_lines) >= 4
    flat = "".join(text for _, text, *_ in runs)
    assert LONG_WORD in flat
    # the break opportunities print nothing and copy as nothing: the address stays usable
    assert "\u200b" not in flat
    assert LONG_MAIL in "".join(line.strip() for line in lines(data))


def test_no_text_of_any_example_pdf_runs_past_the_margin(example_pdfs: list[Doc]) -> None:
    for doc in example_pdfs:
        data = doc.files["pdf"]
        assert isinstance(data, bytes)
        assert_inside(data, doc.label)


LETTERS = {"invitation", "feedback-letter", "objection-notice", "referral-letter", "consent-form"}


def test_a_letter_has_its_address_in_the_envelope_window(example_pdfs: list[Doc]) -> None:
    seen = set()
    for doc in example_pdfs:
        if doc.kind not in LETTERS or doc.recipient not in (
            "parent",
            "parents",
            "institution",
            "signers",
        ):
            continue
        if doc.kind == "consent-form" and doc.case != DAAN:
            continue  # the other dossiers of the example have no home address
        data = doc.files["pdf"]
        assert isinstance(data, bytes)
        first = [c for c in chunks(data) if c[0] == 1]
        # DIN 5008 window: 20-105 mm from the left, 45-90 mm from the top
        window = [c for c in first if 45 * MM <= A4_HEIGHT - c[4] <= 90 * MM]
        assert window, doc.label
        for _, text, start, end, _ in window:
            assert start >= 20 * MM and end <= 105 * MM, (doc.label, text)
        seen.add(doc.kind)
    assert seen >= {"invitation", "feedback-letter", "objection-notice", "consent-form"}


def test_the_pdf_is_written_by_the_render_command(example_copy: Path, run: Any) -> None:
    res = run("--repo", example_copy, "render", DAAN, "zat-registration", "--format", "pdf")
    assert res.exit_code == 0, res.output
    written = sorted((example_copy / "cases" / DAAN / "documents").glob("*.pdf"))
    assert written
    data = written[-1].read_bytes()
    assert "pagina 1 van" in " ".join(lines(data))


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid PNG (blue pixels), made here so the test needs no image library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x2f\x5d\x7c" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def set_logo(root: Path, value: str) -> None:
    config = root / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("letterhead:\n", f"letterhead:\n  logo: {value}\n", 1), encoding="utf-8"
    )


def test_the_logo_is_in_the_pdf_and_in_word(example_copy: Path, run: Any) -> None:
    (example_copy / "logo.png").write_bytes(tiny_png())
    set_logo(example_copy, "logo.png")
    res = run(
        "--repo",
        example_copy,
        "render",
        DAAN,
        "invitation",
        "--format",
        "pdf",
        "--format",
        "docx",
        "--to",
        "moeder",
    )
    assert res.exit_code == 0, res.output
    folder = example_copy / "cases" / DAAN / "documents"
    [pdf] = folder.glob("*invitation*.pdf")
    page = reader(pdf.read_bytes()).pages[0]
    images = [
        x
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert images
    import docx

    [word] = folder.glob("*invitation*.docx")
    header = docx.Document(str(word)).sections[0].header
    assert header._element.xml.count("<pic:pic") == 1


def test_a_logo_that_is_no_image_is_refused_with_its_line(example_copy: Path, run: Any) -> None:
    from conftest import files_under

    (example_copy / "logo.png").write_text("geen plaatje", encoding="utf-8")
    set_logo(example_copy, "logo.png")
    before = files_under(example_copy)
    res = run("--repo", example_copy, "render", DAAN, "invitation", "--format", "pdf")
    assert res.exit_code == 1
    line = next(
        n
        for n, text in enumerate(
            (example_copy / "zorgroute.yaml").read_text(encoding="utf-8").splitlines(), start=1
        )
        if text.strip().startswith("logo:")
    )
    assert f"zorgroute.yaml:{line}:1: letterhead.logo: " in res.stderr
    assert "geen PNG-, JPEG- of GIF-afbeelding" in res.stderr and "Traceback" not in res.output
    assert files_under(example_copy) == before
