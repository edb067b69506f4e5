"""Planning pages: launch a solve, follow it, see the plan as a board, re-plan on the day."""
