"""Wizard: the use-case questions of a connection, asked step by step, and the mappings
their answers write."""
