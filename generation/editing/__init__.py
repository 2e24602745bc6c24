"""Editing part of a picture: the mask built from what a student painted, and the composite."""
