"""A views follower that dies at once (run as `python -m`): the import must not depend on it."""

import sys

if __name__ == "__main__":
    sys.exit(3)
