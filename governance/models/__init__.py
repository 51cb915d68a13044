from .bodies import Body, Seat, Term
from .calendar import CalendarFeed
from .consultations import Clause, Comment, Consultation, Recipient
from .meetings import AgendaItem, Invitation, Meeting, Resolution, SignIn
from .trainings import Feedback, Material, Offer, Trainee, Training

__all__ = [
    "AgendaItem",
    "Body",
    "CalendarFeed",
    "Clause",
    "Comment",
    "Consultation",
    "Feedback",
    "Invitation",
    "Material",
    "Meeting",
    "Offer",
    "Recipient",
    "Resolution",
    "Seat",
    "SignIn",
    "Term",
    "Trainee",
    "Training",
]
