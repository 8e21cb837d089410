"""Incidents and their state machine: trail, moves, deadlines, the alerts a move settles, 督办."""
