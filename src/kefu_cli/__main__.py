"""`python -m kefu_cli`."""

from .entry import main

main()
