"""Turn a view-model into PDF bytes with WeasyPrint, off the event loop.

Words:
- Prepare: everything before WeasyPrint: the QR code, the footer strings, the Jinja template.
- Layout and write: WeasyPrint's own work, ``HTML(...).render()`` and ``Document.write_pdf()``.
  ``RenderTimings`` keeps the two apart so the share outside WeasyPrint can be measured.
- Batch: many sheets in ONE PDF; each sheet keeps its own "Halaman x dari y" because the sheets are
  laid out separately and their pages joined with ``Document.copy`` (one PDF write, fonts shared).

The renderer is synchronous and serialises its WeasyPrint calls with a lock (the shared font
configuration is not documented as thread-safe); ``render_async`` runs it in a worker thread so the
event loop never blocks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import anyio.to_thread
import jinja2
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from app.printing import models as vm
from app.printing.formatting import fmt_datetime_id, register_filters
from app.printing.qr import qr_svg_data_uri

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

TEMPLATE_FOR: dict[type, str] = {
    vm.ScoreSheetDoc: "print/score_sheet.html",
    vm.RecapDoc: "print/recap.html",
    vm.BeritaAcaraDoc: "print/berita_acara.html",
    vm.DecisionAnnexDoc: "print/decision_annex.html",
    vm.LmsAnnexDoc: "print/lms_annex.html",
    vm.BlankSheetDoc: "print/blank_sheet.html",
}
DRAFT_MARK = "DRAF - BELUM FINAL"
SHARED_CSS = "print/_print.css"

ProgressCallback = Callable[[int, int], None]


class PdfRenderer(Protocol):
    """The PDF edge of the app: a template name and its context in, PDF bytes out."""

    def render(self, template_name: str, context: Mapping[str, Any]) -> bytes: ...


@dataclass
class RenderTimings:
    """Seconds spent so far, split by who spent them."""

    prepare: float = 0.0  # data, QR, template (outside WeasyPrint)
    layout: float = 0.0  # WeasyPrint HTML parsing, CSS and layout
    write: float = 0.0  # WeasyPrint PDF writing
    documents: int = 0
    pages: int = 0

    @property
    def weasyprint(self) -> float:
        return self.layout + self.write

    @property
    def total(self) -> float:
        return self.prepare + self.layout + self.write

    @property
    def outside_share(self) -> float:
        return self.prepare / self.total if self.total else 0.0


def css_string(value: object) -> Markup:
    """Quote text as a CSS string for ``content:`` (escapes quotes, backslashes, newlines and ``<``)."""
    text = str(value)
    out = []
    for ch in text:
        if ch in '"\\<>':
            out.append(f"\\{ord(ch):x} ")
        elif ch == "\n":
            out.append("\\a ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')  # noqa: S704 - every special character is escaped above


def _identity_gettext(message: str) -> str:
    """Placeholder for the app's gettext until app i18n is wired (official document text is Indonesian)."""
    return message


def make_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """A Jinja2 environment for print templates: autoescape on, the Indonesian filters, ``_`` placeholder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    register_filters(env)
    env.filters["css_string"] = css_string
    env.globals.setdefault("_", _identity_gettext)
    return env


def document_context(doc: vm.PrintableDoc) -> dict[str, Any]:
    """The template context of a view-model: the doc, its meta, the QR (finals only), header/footer text."""
    meta = doc.meta
    v = meta.verification
    width, height = vm.PAPER_SIZES_MM[meta.paper]
    printed = fmt_datetime_id(meta.generated_at)
    if v is None:
        status = DRAFT_MARK if meta.show_draft_mark else "Formulir isian"
        footer = f"ID dokumen: {meta.document_id} · {status} · Dicetak {printed}"
        header = DRAFT_MARK if meta.show_draft_mark else ""
    else:
        footer = (
            f"ID dokumen: {meta.document_id} · Dicetak {printed}\n"
            f"Kode verifikasi: {v.code} · SHA-256: {v.sha256[:16]}… · {v.url}"
        )
        header = ""
    return {
        "doc": doc,
        "meta": meta,
        "qr": qr_svg_data_uri(v.url) if v else None,
        "page_size": f"{width}mm {height}mm",
        "footer_text": footer,
        "header_text": header,
    }


@dataclass
class WeasyPrintRenderer:
    """The real PdfRenderer. ``base_url`` resolves relative URLs in templates (none are needed: the
    logo and the QR are data URIs)."""

    templates_dir: Path = TEMPLATES_DIR
    base_url: str | None = None
    timings: RenderTimings = field(default_factory=RenderTimings)

    def __post_init__(self) -> None:
        self.env = make_environment(self.templates_dir)
        self._fonts = FontConfiguration()
        self._lock = threading.Lock()
        # The shared stylesheet is parsed and its selectors compiled once per renderer, not per document;
        # each document's own <style> keeps only its @page rules (size, header and footer strings).
        self._css = CSS(string=(self.templates_dir / SHARED_CSS).read_text("utf-8"), font_config=self._fonts)

    # --- the Protocol -----------------------------------------------------------------------------

    def render(self, template_name: str, context: Mapping[str, Any]) -> bytes:
        start = time.perf_counter()
        html = self.render_html(template_name, context)
        self.timings.prepare += time.perf_counter() - start
        with self._lock:
            document = self._layout(html)
            return self._write(document)

    # --- view-models ------------------------------------------------------------------------------

    def render_html(self, template_name: str, context: Mapping[str, Any]) -> str:
        return self.env.get_template(template_name).render(context)

    def html_for(self, doc: vm.PrintableDoc) -> str:
        return self.render_html(TEMPLATE_FOR[type(doc)], document_context(doc))

    def render_document(self, doc: vm.PrintableDoc) -> bytes:
        start = time.perf_counter()
        context = document_context(doc)
        self.timings.prepare += time.perf_counter() - start
        return self.render(TEMPLATE_FOR[type(doc)], context)

    def render_batch(
        self, docs: Sequence[vm.PrintableDoc], on_progress: ProgressCallback | None = None
    ) -> bytes:
        """All ``docs`` as one PDF, each keeping its own page numbering; ``on_progress(done, total)``
        after each document is laid out (the final write is the last step)."""
        if not docs:
            raise ValueError("a batch needs at least one document")
        total = len(docs)
        laid_out = []
        with self._lock:
            for done, doc in enumerate(docs, start=1):
                start = time.perf_counter()
                html = self.html_for(doc)
                self.timings.prepare += time.perf_counter() - start
                laid_out.append(self._layout(html))
                if on_progress is not None:
                    on_progress(done, total)
            start = time.perf_counter()
            merged = laid_out[0].copy([page for d in laid_out for page in d.pages])
            self.timings.layout += time.perf_counter() - start
            return self._write(merged, count=False)

    # --- WeasyPrint -------------------------------------------------------------------------------

    def _layout(self, html: str) -> Any:
        start = time.perf_counter()
        document = HTML(string=html, base_url=self.base_url).render(
            font_config=self._fonts, stylesheets=[self._css]
        )
        self.timings.layout += time.perf_counter() - start
        self.timings.documents += 1
        return document

    def _write(self, document: Any, count: bool = True) -> bytes:
        start = time.perf_counter()
        pdf = document.write_pdf()
        self.timings.write += time.perf_counter() - start
        self.timings.pages += len(document.pages)
        return bytes(pdf)


async def render_async(renderer: PdfRenderer, template_name: str, context: Mapping[str, Any]) -> bytes:
    """``renderer.render`` in a worker thread: the event loop keeps serving while WeasyPrint works."""
    return await anyio.to_thread.run_sync(renderer.render, template_name, dict(context))


async def render_document_async(renderer: WeasyPrintRenderer, doc: vm.PrintableDoc) -> bytes:
    return await anyio.to_thread.run_sync(renderer.render_document, doc)


async def render_batch_async(
    renderer: WeasyPrintRenderer, docs: Iterable[vm.PrintableDoc], on_progress: ProgressCallback | None = None
) -> bytes:
    """``render_batch`` in a worker thread; ``on_progress`` is called from that thread."""
    return await anyio.to_thread.run_sync(renderer.render_batch, list(docs), on_progress)
