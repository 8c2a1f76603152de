"""generator/processes.py: the one owner of second processes. A large site's pages are rendered on
two cores through `in_two`, whose answer must be the one a single process gives."""

from __future__ import annotations

import os

import pytest

from generator import processes


def test_work_shared_with_a_second_process_gives_the_same_answer():
    items = list(range(11))

    def square(share: list[int]) -> dict[str, tuple[int, int]]:
        return {str(i): (i * i, os.getpid()) for i in share}

    shared = processes.in_two(square, items)
    alone = square(items)
    assert {k: v[0] for k, v in shared.items()} == {k: v[0] for k, v in alone.items()}
    assert {v[1] for v in shared.values()} - {os.getpid()}, "no second process took a share"


def test_a_second_process_that_dies_is_reported_in_dutch():
    parent = os.getpid()

    def dies_in_the_child(share: list[int]) -> dict[str, int]:
        if os.getpid() != parent:
            os._exit(3)
        return {}

    with pytest.raises(RuntimeError, match=r"het tweede proces dat pagina's maakt stopte \(exitcode 3\)"):
        processes.in_two(dies_in_the_child, [1, 2, 3], doing="pagina's maakt")


def test_a_rendered_site_is_the_same_on_one_or_two_processes(monkeypatch):
    from generator import pipeline
    from generator.site import render
    from generator.site.pages import all_pages

    g, problems = pipeline.validate(pipeline.Project())
    assert not problems.errors
    renderer = render.Renderer(g)
    pages = all_pages(renderer)
    alone = render.render_pages(renderer, pages)
    monkeypatch.setattr(render, "PARALLEL_PAGES", 2)
    monkeypatch.setattr(processes, "can_share_work", lambda: True)  # also on a one-core machine
    shared: list[int] = []
    original = processes.in_two
    monkeypatch.setattr(processes, "in_two", lambda *a, **k: shared.append(1) or original(*a, **k))
    assert render.render_pages(renderer, pages) == alone
    assert shared == [1]
