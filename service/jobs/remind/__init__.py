"""Remind: a nudge to reps whose doc is still incomplete."""
