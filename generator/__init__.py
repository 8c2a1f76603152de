"""Kennisbank Gemengde Wijk: YAML content -> models -> graph -> Markdown -> MkDocs site.

The package reads like the pipeline; one sub-package per stage, one module per job
(ARCHITECTURE.md tells the whole story):

    content/     stage 1: errors, vocab (vocabularies), text (rules for text fields),
                 models (the one schema and the registry of kinds), urls (where an entry lives
                 and what it is called), loader (content/ -> validated Records, file:line:column),
                 split by job: discovery (the files and their kinds), yamlread (safe YAML with
                 positions), yamlerrors (YAML syntax errors in Dutch), modelfields (what a field's
                 type says, and the field at a path), modelerrors (pydantic errors in Dutch), records (Record, Content)
    graph/       stage 2: graph (references resolved, backlinks), duplicates (near-identical
                 names), permalinks (published URLs keep working)
    search/      search documents, query rules, ranking, the whoosh engine, the static index, API
    site/        stage 3: pages (what goes on a page), render (Jinja -> Markdown), docstree,
                 related ("Zie ook"), export (JSON), feed, freshness, history, editpath,
                 jslabels, addresses (site and repository), mkdocs_build (docs tree -> site),
                 mkdocs_twocores (MkDocs' page loops on two cores)
    pipeline     the stages in the order they run
    processes    every forked process, the project lock and the signals (one place)
    contribute/  scaffold (`new`), rename, schema + fielddocs (generated docs); the form "Praktijk
                 toevoegen": form (its questions), catalog (its choices), formread (event -> answers),
                 formcheck (answers -> content), formfiles (YAML + validator), formreply (the Dutch reply)
    app/         cli (`kennisbank`), server, preview
"""

__version__ = "0.1.0"
