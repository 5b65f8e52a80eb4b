"""Benchmarks and their corpus generators (not app code)."""
