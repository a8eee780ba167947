from django.utils.translation import get_language


class BilingualName:
    """For models with a Chinese `name` and an optional `name_en`: `display_name` is
    the English one on English pages when it is set, the Chinese one otherwise."""

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name
