"""Search: documents from the graph (documents), the engine behind one module (engine),
the JSON API on top of it (api). Only `engine` imports whoosh, so the engine can change."""
