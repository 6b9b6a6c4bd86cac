"""``python -m openclaw_venice_cli``."""

from openclaw_venice_cli.cli import main

raise SystemExit(main())
