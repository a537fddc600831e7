"""Configuration: YAML files in a directory, validated into pydantic models."""

from service.settings.loader import Config, load_config

__all__ = ["Config", "load_config"]
