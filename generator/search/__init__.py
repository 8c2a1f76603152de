"""Search: documents from the graph (documents), the query rules (query), the declared
interface (base), how an engine is opened (engines), the ranking every engine shares (ranking),
snippets (snippet), the whoosh engine (whoosh_engine: the only module that knows whoosh, through
its documented API), the static index for the site and its Python reader (static), and
the JSON API on top (api). Callers open an engine with `engines.open_engine`, never directly."""
