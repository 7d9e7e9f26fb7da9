"""The fallback chain as a value: the models serving tries in turn, each with what it needs.

Built with .then() from the algorithm classes, so a step's needs come from the algorithm's own
traits (Recommender.needs_history) rather than a list kept beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from recommender.algorithms.base import Recommender


@dataclass(frozen=True, slots=True)
class Step:
    """One model of the chain: its registry name, what the admin calls it, and whether it can
    score a user with no interactions."""

    algorithm: str
    label: str
    needs_history: bool


@dataclass(frozen=True, slots=True)
class FallbackChain:
    steps: tuple[Step, ...] = ()
    names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:  # the step names, once: serving asks on every request
        object.__setattr__(self, "names", tuple(step.algorithm for step in self.steps))

    def then(self, algorithm: type[Recommender], label: str | None = None) -> FallbackChain:
        """This chain followed by `algorithm` (labelled by its name unless `label` is given)."""
        step = Step(algorithm.name, label or algorithm.name, algorithm.needs_history)
        return FallbackChain((*self.steps, step))

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __contains__(self, algorithm: object) -> bool:
        return algorithm in self.names

    def starting_at(self, algorithm: str | None) -> FallbackChain:
        """The chain from `algorithm` on (an experiment's arm); the whole chain when it is not a
        step (or None)."""
        if not algorithm or algorithm not in self.names:
            return self
        return FallbackChain(self.steps[self.names.index(algorithm) :])

    def choices(self) -> list[tuple[str, str]]:
        """(name, label) per step, for a form's choices."""
        return [(step.algorithm, step.label) for step in self.steps]
