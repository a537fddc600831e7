"""One module per `oneonone` sub-command (see service.cli)."""
