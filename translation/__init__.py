"""The translation workflow: roles, review, status, machine translation and the reader's language."""
