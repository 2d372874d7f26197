"""`python -m kefu_cli`."""

from .cli import main

main()
