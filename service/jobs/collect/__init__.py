"""Collect: read the submitted docs and write the trackers and the roll-up."""
