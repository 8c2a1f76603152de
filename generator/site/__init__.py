"""Stage 3, site: what goes on each page, rendering to Markdown, the docs tree, feed and export, and the MkDocs build."""
