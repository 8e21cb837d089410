"""Who may do what: users, display tokens, source systems and signing in."""
