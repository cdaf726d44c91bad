"""Excel workbooks, one module per workbook: ``settlement``, ``performance``, ``fund_status``;
the sheet writer they share is in ``common``."""

from reports.workbooks.common import Column, Progress, SheetWriter
from reports.workbooks.fund_status import fund_summary_sheet, fund_workbook
from reports.workbooks.performance import performance_workbook
from reports.workbooks.settlement import closing_sheet, settlement_workbook

__all__ = [
    "Column",
    "Progress",
    "SheetWriter",
    "closing_sheet",
    "fund_summary_sheet",
    "fund_workbook",
    "performance_workbook",
    "settlement_workbook",
]
