"""System tests: the real parts together, each with its marker (crash, storage, browser,
and the compose file)."""
