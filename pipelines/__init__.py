"""Prefect flows and deployments of claimdiff: composition only, no business logic."""
