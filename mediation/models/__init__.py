from .access import CaseDataAccessLog
from .cases import Case, MediationSession
from .imports import CaseImportJob
from .numbering import CaseNumberCounter
from .statistics import PublishedStatistics, StatisticsBaseline, publication_period

__all__ = [
    "Case",
    "CaseDataAccessLog",
    "CaseImportJob",
    "CaseNumberCounter",
    "MediationSession",
    "PublishedStatistics",
    "StatisticsBaseline",
    "publication_period",
]
