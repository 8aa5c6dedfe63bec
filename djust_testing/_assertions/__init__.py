"""Matching and failure messages: view state, what an action sent, render engines."""
