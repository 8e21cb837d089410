"""The command-hall dashboard: configuration, app factory, server wiring, push and schedule."""
