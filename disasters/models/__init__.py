from .events import AffectedCompany, Event
from .reports import DailySummary, LossReport
from .responses import LevelChange, Response
from .rules import GradingRule

__all__ = ["AffectedCompany", "DailySummary", "Event", "GradingRule", "LevelChange", "LossReport", "Response"]
