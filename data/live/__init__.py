"""The one live picture every screen shows: the snapshot and its parts."""
