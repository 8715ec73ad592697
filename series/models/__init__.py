from .pages import (
    EventStatus,
    PublishedFacts,
    QuestionType,
    RegistrationQuestion,
    SeriesIndexPage,
    SessionFormat,
    SessionSpeaker,
    SoTalkSessionPage,
)
from .registrations import (
    DeliveryStatus,
    EmailDelivery,
    EmailKind,
    MessageAudience,
    RegistrantMessage,
    Registration,
    RegistrationStatus,
)
from .snippets import Speaker

__all__ = [
    "DeliveryStatus",
    "EmailKind",
    "MessageAudience",
    "RegistrantMessage",
    "EmailDelivery",
    "EventStatus",
    "PublishedFacts",
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
