"""Real results files, read in the shipped layouts (for backtests, calibration and validation).

read (one election of a file: ``pakistan:YEAR``, ``uk:YEAR``, ``FILE``, ``FILE:DATE``) and
parties (short display codes of party names). Nothing here forecasts or scores.
"""
