"""Test kit of the crawler tests: fixture HTTP server, document generators, fixture portals."""
