"""Parties and movements as organisations: members, rules, internal elections, selection."""
