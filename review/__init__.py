"""Volunteer review: the local store, the CSV round trip and the Hub dataset in INCLUDE's layout."""
