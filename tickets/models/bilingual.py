from django.utils.translation import get_language


def bilingual_name(name: str, name_en: str, language: str | None = None) -> str:
    """The English name on English pages when there is one, else the Chinese one
    (`language` defaults to the active one)."""
    if name_en and (language if language is not None else (get_language() or "")).startswith("en"):
        return name_en
    return name


class BilingualName:
    """For models with a Chinese `name` and an optional `name_en`: `display_name` is
    the English one on English pages when it is set, the Chinese one otherwise."""

    @property
    def display_name(self) -> str:
        return bilingual_name(self.name, self.name_en)
