"""Benchmarks (DESIGN.md §6): scripts that build agency-scale data and print figures.

They are run by hand, never in CI; `python benchmarks/<name>.py --help` says how. The data they
share comes from `dataset`; `plans` reads what PostgreSQL does with a piece of code's queries.
"""
