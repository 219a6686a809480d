"""`python -m audiatur`: the command line, as the `audiatur` command."""

from audiatur.present.cli.app import main

main()
