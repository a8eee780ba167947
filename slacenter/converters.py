"""URL converters. `id` matches only ids the database can hold, so a huge or
non-numeric id is a plain 404 instead of a database overflow."""

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID or number <= 0:
            raise ValueError("id out of range")
        return number

    def to_url(self, value) -> str:
        return str(value)
