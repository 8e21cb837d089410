"""How screens react: one module per screen, each with register(app)."""
