"""Run the command line: python -m dashboard <command>."""

from dashboard.cli import main

main()
