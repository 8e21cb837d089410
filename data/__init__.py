"""The product without a screen: it knows nothing of Dash, Flask or sockets."""
