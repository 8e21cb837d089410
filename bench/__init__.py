"""Benchmarks that print the product's figures (PRODUCT §10): run `python -m bench`."""
