from .access import CaseDataAccessLog
from .cases import Case, MediationSession
from .imports import CaseImportJob
from .numbering import CaseNumberCounter

__all__ = ["Case", "CaseDataAccessLog", "CaseImportJob", "CaseNumberCounter", "MediationSession"]
