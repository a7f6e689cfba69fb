"""``python -m claimgen``"""

from .cli import main

raise SystemExit(main())
