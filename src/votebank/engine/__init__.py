"""The simulation engine: contests, the step schedule, exact cohort sampling, the count."""
