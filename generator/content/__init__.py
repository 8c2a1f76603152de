"""Stage 1, content: the model (the one schema), vocabularies, text rules, addresses and names of entries, and
loading YAML into models."""
