"""``python -m votebank``."""

from votebank.cli import main

main()
