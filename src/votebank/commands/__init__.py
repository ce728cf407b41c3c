"""The bodies of the core commands, imported only when the command runs (see ``cli.py``)."""
