"""Products and signal letters rendered from the same templates as the workbench: HTML for
the page, PDF via WeasyPrint. The watermark (reader, time, case, product version) is part of
the product template, and the print stylesheet repeats it on every page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from raffinaderij.guard.provisions import provisions
from raffinaderij.web.messages import link_label, prop_label, translate, translate_value, type_label

__all__ = ["access_pdf", "letter_pdf", "product_pdf", "render_print", "supervisor_pdf"]


_ENV = Environment(
    loader=FileSystemLoader(str(Path(__file__).with_name("templates"))),
    autoescape=select_autoescape(["html"]),
)


def _t(lang: str) -> Callable[[str], str]:
    return lambda key: translate(key, lang)


def render_print(template: str, lang: str, **context: Any) -> str:
    """The print document (standalone HTML) of `template` with the message catalogue."""
    return _ENV.get_template(template).render(
        t=_t(lang),
        tv=lambda prefix, value: translate_value(prefix, str(value), lang),
        type_label=lambda schema: type_label(schema, lang),
        prop_label=lambda prop, schema=None: prop_label(prop, lang, schema),
        link_label=lambda link_type: link_label(link_type, lang),
        lang=lang,
        **context,
    )


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def product_pdf(view: Any, lang: str = "nl") -> bytes:
    """The product as PDF, watermarked on every page, exactly as its reader may see it."""
    return _pdf(render_print("product_print.html", lang, p=view))


def letter_pdf(letter: Any, lang: str = "nl") -> bytes:
    """A signal's letter: the provision's items only, never the product."""
    return _pdf(render_print("signal_letter.html", lang, s=letter, grounds=provisions().grounds))


def access_pdf(report: Any, lang: str = "nl") -> bytes:
    """The answer to a data subject's access request (Wpg 25): their data per registration with
    article and term, withheld registrations named with their ground and nothing more."""
    return _pdf(render_print("access_print.html", lang, report=report))


def supervisor_pdf(report: Any, reader: str, lang: str = "nl") -> bytes:
    """The supervisor's report (LAW-16) as PDF: the page's figures, its reader on every page."""
    return _pdf(render_print("supervisor_print.html", lang, r=report, reader=reader, printed=True))
