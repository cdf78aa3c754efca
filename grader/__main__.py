"""`python -m grader`: grade a class (see grader/referee.py)."""

import sys

from grader.referee import main

sys.exit(main())
