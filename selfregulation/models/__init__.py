from selfregulation.models.checklists import ChecklistItem, ChecklistSection, ChecklistTemplate
from selfregulation.models.conventions import Convention, ConventionSignature
from selfregulation.models.findings import Circular, DisciplinaryMeasure, Finding, RecheckResult, Rectification
from selfregulation.models.inspections import Evidence, Inspection, InspectionTarget, ItemResult, TeamMember
from selfregulation.models.monitoring import AnomalyRule, MonitoringReport, MonitoringWarning, MonthlyReturn

__all__ = [
    "AnomalyRule",
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistTemplate",
    "Circular",
    "Convention",
    "ConventionSignature",
    "DisciplinaryMeasure",
    "Evidence",
    "Finding",
    "Inspection",
    "InspectionTarget",
    "ItemResult",
    "MonitoringReport",
    "MonitoringWarning",
    "MonthlyReturn",
    "RecheckResult",
    "Rectification",
    "TeamMember",
]
