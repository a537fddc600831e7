"""Prepare: each rep's doc for the coming week, prefilled and shared, and the coach notes."""
