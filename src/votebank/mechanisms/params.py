"""Shared building blocks of mechanism parameter models."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from votebank.strict import StrictModel


class MechanismParams(StrictModel):
    """Base of every mechanism's parameters: strict keys, an on/off switch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(False, description="Switch the mechanism on.")
