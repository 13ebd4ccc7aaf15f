"""The documented old path of `pipeline.research.events`: `from pipeline.research_events import events` keeps working.

This name is the same module object, so everything (monkeypatching included) behaves as with the new path.
"""

import sys

from pipeline.research import events as _events

sys.modules[__name__] = _events
