import sys

from grader.referee import main

sys.exit(main())
