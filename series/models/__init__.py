from .pages import (
    EventStatus,
    QuestionType,
    RegistrationQuestion,
    SeriesIndexPage,
    SessionFormat,
    SessionSpeaker,
    SoTalkSessionPage,
)
from .registrations import EmailDelivery, Registration, RegistrationStatus
from .snippets import Speaker

__all__ = [
    "EmailDelivery",
    "EventStatus",
    "QuestionType",
    "Registration",
    "RegistrationQuestion",
    "RegistrationStatus",
    "SeriesIndexPage",
    "SessionFormat",
    "SessionSpeaker",
    "SoTalkSessionPage",
    "Speaker",
]
