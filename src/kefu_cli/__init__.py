"""kefu: find the right customer-support channel for your problem, and stay safe doing it."""

__version__ = "1.0.0"
