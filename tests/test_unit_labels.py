"""The words the site's scripts show come from one place: labels.js is generated from
site_config/vocabularies.yaml and the models (`kennisbank schema`), and no script types a
label of its own."""

from __future__ import annotations

import json
import re

from generator.site import jslabels
from generator.kinds import KINDS
from generator.paths import ASSETS
from generator.content.vocab import vocabularies

SCRIPTS = ASSETS / "javascripts"
STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def committed() -> dict:
    text = jslabels.JS_LABELS.read_text(encoding="utf-8")
    return json.loads(text.split("window.KBLabels = ", 1)[1].rstrip().rstrip(";"))


def test_labels_js_is_what_the_vocabularies_and_models_give():
    assert jslabels.JS_LABELS.read_text(encoding="utf-8") == jslabels.text(), "run 'kennisbank schema'"
    data = committed()
    for name, v in vocabularies().items():
        assert data["vocabularies"][name] == {t.key: t.label for t in v.terms}
        assert data["facets"][name] == v.title and v.title
    assert data["types"]["practice"] == {"label": "Praktijk", "singular": "praktijk", "plural": "praktijken"}
    assert set(data["types"]) == set(KINDS) | {"page"}  # and the site's fixed pages as search results
    assert data["types"]["page"]["label"] == "Pagina van de site"
    assert {"type", "city", "barrier"} <= set(data["facets"])


def test_no_script_types_a_label_of_its_own():
    """Every vocabulary label, filter title and content type name reaches the scripts through
    labels.js: none of them is a string in the hand-written scripts (as 'Domein' and 'Praktijk' were)."""
    data = committed()
    words = set(data["facets"].values()) | {t["label"] for t in data["types"].values()}
    words |= {label for labels in data["vocabularies"].values() for label in labels.values()}
    words |= {t["plural"].capitalize() for t in data["types"].values()}
    typed = {}
    for script in sorted(SCRIPTS.glob("*.js")):
        if script == jslabels.JS_LABELS:
            continue
        found = set(STRING.findall(COMMENT.sub("", script.read_text(encoding="utf-8")))) & words
        if found:
            typed[script.name] = sorted(found)
    assert not typed, typed


def test_the_site_loads_labels_and_kb_before_the_scripts_that_use_them():
    import yaml

    from generator.paths import ROOT

    scripts = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra_javascript"]
    assert scripts[:2] == ["assets/javascripts/labels.js", "assets/javascripts/kb.js"]
    others = [s for s in scripts[2:]] + ["kiezer.js", "vergelijken.js", "zoeken.js"]
    for name in others:
        text = (SCRIPTS / name.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
        assert "function el(" not in text and "KB." in text, name  # the shared helpers, not a copy
