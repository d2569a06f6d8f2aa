"""Importers that bring content from other blog systems into this site."""
