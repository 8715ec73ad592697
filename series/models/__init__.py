from .pages import (
    EventStatus,
    SeriesIndexPage,
    SessionFormat,
    SessionSpeaker,
    SoTalkSessionPage,
)
from .snippets import Speaker

__all__ = [
    "EventStatus",
    "SeriesIndexPage",
    "SessionFormat",
    "SessionSpeaker",
    "SoTalkSessionPage",
    "Speaker",
]
