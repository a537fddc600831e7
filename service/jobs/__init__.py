"""The weekly jobs: plain functions of (dependencies, now), run per team."""
