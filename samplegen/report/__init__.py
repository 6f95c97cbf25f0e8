"""A generated department report (narrative, budget tables, forms) as born-digital and scanned PDFs."""

from samplegen.report.build import FORM_IDS, build_report, compose

__all__ = ["FORM_IDS", "build_report", "compose"]
