"""The operations the CLI and the web share, one module per noun (as `cli/` and `web/api_*.py` are).

Each function takes plain arguments and returns records; `scope` holds who acts and what they may see,
the check every module asks. Callers import the module they need; this package re-exports nothing.
"""
