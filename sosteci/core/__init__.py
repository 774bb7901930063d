"""Shared building blocks: model mixins, enums and small utilities, nothing domain-specific."""
