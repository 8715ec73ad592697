from .availability import (
    RegistrationState,
    registration_state,
    session_registration_states,
)
from .choices import (
    AccessNeed,
    DeliveryStatus,
    EmailKind,
    EventStatus,
    MessageAudience,
    QuestionType,
    RegistrationPhase,
    RegistrationStatus,
    SessionFormat,
)
from .followers import (
    Follower,
    FollowerNotice,
    FollowerNoticeKind,
    FollowMode,
    SessionAnnouncement,
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
    "AccessNeed",
    "DeliveryStatus",
    "EmailDelivery",
    "EmailKind",
    "EventStatus",
    "FollowMode",
    "Follower",
    "FollowerNotice",
    "FollowerNoticeKind",
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
    "SessionAnnouncement",
    "SessionFormat",
    "SessionSpeaker",
    "SoTalkSessionPage",
    "Speaker",
    "Topic",
    "registration_state",
    "session_registration_states",
]
