"""Kennisbank Gemengde Wijk: YAML content -> models -> graph -> Markdown -> MkDocs site.

Pipeline stages, one module each:
    vocab    vocabularies from site_config/vocabularies.yaml
    text     rules for text fields (plain text, Markdown, links, privacy)
    models   pydantic models: the one schema
    loader   YAML files -> validated models, with file:line:column errors
    graph    references resolved, backlinks computed
    urls     where an entry lives (docs-tree path, URL) and what it is called
    search   search documents, the whoosh index, related entries (with related.py)
    pages    what goes on each page (the template context)
    render   pages -> Markdown (Jinja templates in site_config/)
    docstree the docs tree: rendered pages, JSON export, schemas, assets
    site     docs tree -> static site (mkdocs build --strict)
    pipeline the stages in the order they run
    cli      the `kennisbank` command
"""

__version__ = "0.1.0"
