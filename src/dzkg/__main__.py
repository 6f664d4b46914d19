"""`python -m dzkg`: the same as the `dzkg` console script."""

from dzkg.cli import main

raise SystemExit(main())
