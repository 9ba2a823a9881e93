"""Benchmarks: synthetic archives at scale, and measurements of builds and search."""
