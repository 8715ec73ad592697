import pytest
from django.utils import timezone

from .journey import Clock


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves: `django.utils.timezone.now`, which the worker's due
    check reads too."""
    moving = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", moving)
    return moving
