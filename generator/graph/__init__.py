"""Stage 2, graph and checks: references resolved with backlinks, duplicate names, published URLs kept."""
