"""Monitoring: recording fetched versions, change detection, text diffs (and later scheduling and alerts)."""
