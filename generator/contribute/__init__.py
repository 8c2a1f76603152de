"""Contribution: `kennisbank new`, rename, the JSON Schemas and field docs, and the issue form."""
