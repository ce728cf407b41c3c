"""Mechanisms: one behaviour per module, each with its parameters and a step.

A step reads the run's arrays and changes the ones it owns in place; the order of steps is
data (see :mod:`votebank.run.schedule`).
"""
