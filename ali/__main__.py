"""`python -m ali` runs the CLI."""

from ali.cli import main

main()
