"""One module per area, each composing a site page from that area's abstract base."""

from .consultations import *  # noqa: F403
from .contracts import *  # noqa: F403
from .processes import *  # noqa: F403
