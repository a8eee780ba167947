"""Rows of the monthly close. `reports` writes only these; it reads tickets, sla,
complaints and qa through their selectors."""

from .close import AgreementClose, CriterionResult, IndicatorOwner, IndicatorResult, MonthStatus, ReportMonth
from .exports import ExportJob, ExportStatus
from .inputs import OrderCount
from .violations import Adjustment, Appeal, AppealStatus, Violation

__all__ = [
    "Adjustment",
    "AgreementClose",
    "Appeal",
    "AppealStatus",
    "CriterionResult",
    "ExportJob",
    "ExportStatus",
    "IndicatorOwner",
    "IndicatorResult",
    "MonthStatus",
    "OrderCount",
    "ReportMonth",
    "Violation",
]
