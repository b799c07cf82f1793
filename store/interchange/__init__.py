"""Interchange with the event-data world: ICEWS, PLOVER, GDELT and ACLED in; JSON Lines, PLOVER, CSV out."""
