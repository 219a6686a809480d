"""Unit tests of the extract stage, on sentences written for them about the demo world's invented war."""
