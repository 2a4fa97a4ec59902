"""The desks: the use cases the TUI and the CLI share (grade, submit, moderate,
sample, aggregate, plan), and who may do each."""
