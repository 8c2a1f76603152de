"""The study kind: a piece of research an instrument's evidence rests on (no page, not searched)."""

from __future__ import annotations

from generator.kinds.base import Kind

KIND = Kind("study")
