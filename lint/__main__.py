"""``python -m kanwu``: the same command as ``kanwu``."""
from .cli import main

main()
