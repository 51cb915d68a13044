from messaging.models.channels import Channel
from messaging.models.messages import Delivery, UrgentMessage
from messaging.models.urgency import UrgencyRule

__all__ = ["Channel", "Delivery", "UrgencyRule", "UrgentMessage"]
