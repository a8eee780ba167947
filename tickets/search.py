"""The one rule for searching tickets by a term: number, title, description, and the
customer as masking allows (`selectors.customer_match_q`). On PostgreSQL the ticket's
own text is first narrowed through the bigram GIN index of migration 0007 (see there
why not pg_trgm), so a search stays fast at a million tickets; the results are exactly
those of the plain icontains conditions, which still decide every row."""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

from .models import Customer
from .selectors import customer_match_q

# Matching customers are looked up first and passed as ids (an index probe on the
# ticket's customer), up to this many; past it the customer condition stays a subquery.
CUSTOMER_IDS_MAX = 500


class TicketGramsContain(Func):
    """`tickets_ticket_grams(number, title, description) @> tickets_grams(term)`: the
    ticket's text holds every two-character piece of the term. PostgreSQL only; a
    pre-filter through the index (the LIKEs decide); a one-character term has no bigram."""

    output_field = BooleanField()

    def __init__(self, term: str, prefix: str = ""):
        super().__init__(F(f"{prefix}number"), F(f"{prefix}title"), F(f"{prefix}description"), Value(term))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params.extend(more)
        number, title, description, term = parts
        return f"tickets_ticket_grams({number}, {title}, {description}) @> tickets_grams({term})", params


def ticket_search_q(user, term: str) -> Q:
    """Tickets matching `term` (already stripped, not empty), for `user`'s masking."""
    text = Q(number__icontains=term) | Q(title__icontains=term) | Q(description__icontains=term)
    customers = customer_match_q(user, term)
    if connection.vendor != "postgresql":
        return text | customer_match_q(user, term, prefix="customer__")
    if len(term) >= 2:
        # The grams narrow through the index; the LIKEs decide. Both, even for a term of one
        # bigram: a walk along the list's index then checks each row with the LIKEs, which
        # cost little, before the grams function, which costs ~25 µs a row (at a million
        # tickets an agent's "退款" search read 435 ms with the function alone, 73 ms so).
        text = Q(TicketGramsContain(term)) & text
    # Ids, not a join: the planner can OR an index probe on the customer with the grams index.
    ids = list(Customer.objects.filter(customers).order_by().values_list("pk", flat=True)[: CUSTOMER_IDS_MAX + 1])
    if len(ids) > CUSTOMER_IDS_MAX:
        return text | Q(customer__in=Customer.objects.filter(customers).values("pk"))
    return text | Q(customer_id__in=ids) if ids else text
