from .activities import Activity, ActivityPhoto, NewsDraft
from .alerts import OpinionAlert
from .campaigns import Campaign, CampaignTemplate, Deliverable, Participation
from .rules import CampaignScore, ScoringItem, ScoringRuleSet

__all__ = [
    "Activity",
    "ActivityPhoto",
    "Campaign",
    "CampaignScore",
    "CampaignTemplate",
    "Deliverable",
    "NewsDraft",
    "OpinionAlert",
    "Participation",
    "ScoringItem",
    "ScoringRuleSet",
]
