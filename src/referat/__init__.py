"""referat: mødereferater i et git-repository, tjekket og gjort til dagsordener og rapporter."""

__version__ = "0.1.0"
