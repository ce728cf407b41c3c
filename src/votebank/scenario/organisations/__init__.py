"""A scenario's ``[organisations]`` section: its tables, their rules, its checks."""
