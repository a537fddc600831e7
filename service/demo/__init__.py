"""The one-command demo: consecutive weekly cycles for a sample org on the embedded emulator."""
