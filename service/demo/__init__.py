"""The one-command demo: a whole weekly cycle for the sample team on the embedded emulator."""
