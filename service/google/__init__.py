"""The Google gateway: the one place that talks to Google (or the emulator)."""
