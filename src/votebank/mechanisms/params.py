"""Shared building blocks of mechanism parameter models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MechanismParams(BaseModel):
    """Base of every mechanism's parameters: strict keys, an on/off switch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(False, description="Switch the mechanism on.")
