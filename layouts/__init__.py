"""What screens look like: pure functions of their input, no I/O."""
