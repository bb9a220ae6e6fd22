"""Printed documents: score sheets, recaps, Berita Acara and annexes as PDF (WeasyPrint).

Words:
- View-model (``models``): the frozen values a document renders from; no database here.
- Final vs draft: a document whose ``meta.verification`` is set is final and carries the verification
  code, a QR code of ``{PUBLIC_URL}/verifikasi/{code}`` and the snapshot hash; otherwise it is a draft,
  marked "DRAF - BELUM FINAL" on every page, without a QR code.
- Renderer (``render``): template + context -> PDF bytes; ``render_async`` keeps the event loop free;
  ``batch.render_batch_to_file`` renders many sheets into one file in a child process.
- Assembly (``assemble``): database rows -> view-models; a final competition's documents read the
  current snapshot's stored result, a draft's the live ranking (both are the scoring engine's output).
- Serving (``routes``, ``listing``, ``jobs``): the committee's documents page, one route per PDF, the
  ``pdf_batch`` background job and ``GET /api/v1/competitions/{id}/documents``.

Official document text (BA formulas, headings) is Indonesian in the templates themselves: it is the
legal wording of the form, not interface text to translate.
"""
