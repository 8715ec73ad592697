from .availability import (
    RegistrationState,
    registration_state,
    session_registration_states,
)
from .choices import (
    DeliveryStatus,
    EmailKind,
    EventStatus,
    MessageAudience,
    QuestionType,
    RegistrationPhase,
    RegistrationStatus,
    SessionFormat,
)
from .pages import SeriesIndexPage
from .registrations import (
    EmailDelivery,
    RegistrantMessage,
    RegistrantMessageText,
    Registration,
)
from .session_page import SoTalkSessionPage
from .session_parts import PublishedFacts, RegistrationQuestion, SessionSpeaker
from .snippets import Speaker
from .topics import GOAL_NAMES, Goal, Topic

__all__ = [
    "DeliveryStatus",
    "EmailDelivery",
    "EmailKind",
    "EventStatus",
    "GOAL_NAMES",
    "Goal",
    "MessageAudience",
    "PublishedFacts",
    "QuestionType",
    "RegistrantMessage",
    "RegistrantMessageText",
    "Registration",
    "RegistrationPhase",
    "RegistrationQuestion",
    "RegistrationState",
    "RegistrationStatus",
    "SeriesIndexPage",
    "SessionFormat",
    "SessionSpeaker",
    "SoTalkSessionPage",
    "Speaker",
    "Topic",
    "registration_state",
    "session_registration_states",
]
