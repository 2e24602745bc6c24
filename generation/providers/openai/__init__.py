"""OpenAI, Azure OpenAI and OpenAI-compatible servers: clients, error mapping, moderation
and the admin's check."""

from generation.providers.openai.provider import AzureOpenAIImageProvider, OpenAIImageProvider

__all__ = ["AzureOpenAIImageProvider", "OpenAIImageProvider"]
