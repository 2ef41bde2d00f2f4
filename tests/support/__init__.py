"""Test helpers shared by the test suites (fake printer server, ESC/POS decoder, sample receipts)."""
