"""`python -m greentrack.cli …`: the same as the `greentrack` console script."""

from greentrack.cli import main

main()
