"""`python -m kefu_cli`."""

from kefu_cli.cli.entry import main

main()
