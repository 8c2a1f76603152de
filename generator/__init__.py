"""Kennisbank Gemengde Wijk: YAML content -> models -> graph -> Markdown -> MkDocs site.

Pipeline stages, one module each:
    vocab    vocabularies from site_config/vocabularies.yaml
    text     rules for text fields (plain text, Markdown, links, privacy)
    models   pydantic models: the one schema
    loader   YAML files -> validated models, with file:line:column errors
    graph    references resolved, backlinks computed
    render   graph -> Markdown docs tree (Jinja templates in site_config/)
    site     docs tree -> static site (mkdocs build --strict)
    cli      the `kennisbank` command
"""

__version__ = "0.1.0"
