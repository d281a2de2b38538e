"""Check constraints validated in Python, where Django would ask the database.

Django validates each `CheckConstraint` of a record before a save with a
query of its own (`SELECT 1 WHERE <condition>`), inside a savepoint when a
transaction is open: a case saved in the admin with ten new charges ran 53
such checks, 159 statements, for conditions like `outcome IN (...)` or
`decided_on >= charged_on`. The conditions of this registry's constraints
are simple comparisons of the record's own values, which Python decides
exactly as SQL does (with SQL's NULL: a comparison with NULL is unknown, and
a check passes unless its condition is false). A condition Python cannot
decide the same way (a regular expression, a comparison of texts, whose order
is the database's collation) is still sent to the database as before; and
the database's constraints keep refusing whatever a bulk write lets through.
"""

import datetime
import decimal

from django.core.exceptions import FieldError, ValidationError
from django.db import router
from django.db.models import CheckConstraint, F, Q, Value

# An answer Python cannot give: the database decides.
UNDECIDED = object()

ORDERED_TYPES = (int, float, decimal.Decimal, datetime.date, datetime.datetime, datetime.time)
ORDERINGS = {
    "gt": lambda left, right: left > right,
    "gte": lambda left, right: left >= right,
    "lt": lambda left, right: left < right,
    "lte": lambda left, right: left <= right,
}


def _value(operand, values):
    """A plain Python value for `operand`, None for SQL NULL, or UNDECIDED."""
    if isinstance(operand, F):
        if operand.name not in values:
            raise FieldError(operand.name)
        return _value(values[operand.name], values)
    if isinstance(operand, Value):
        return operand.value
    if hasattr(operand, "resolve_expression"):
        return UNDECIDED
    return operand


def _lookup(key, operand, values):
    name, _, lookup = key.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup:  # a transform or a related field: the database's business
        return UNDECIDED
    if name not in values:
        # An excluded field, as Django's own check: the constraint is not validated.
        raise FieldError(name)
    left = _value(values[name], values)
    if lookup == "isnull":
        if left is UNDECIDED:
            return UNDECIDED
        return (left is None) == bool(operand)
    if lookup == "in":
        right = [_value(item, values) for item in operand]
        if left is UNDECIDED or UNDECIDED in right:
            return UNDECIDED
        return None if left is None else left in [item for item in right if item is not None]
    right = _value(operand, values)
    if left is UNDECIDED or right is UNDECIDED:
        return UNDECIDED
    if left is None or right is None:
        return None
    if lookup == "exact":
        same_kind = isinstance(left, str) == isinstance(right, str)
        return left == right if same_kind else UNDECIDED
    if lookup in ORDERINGS and isinstance(left, ORDERED_TYPES) and type(left) is type(right):
        return ORDERINGS[lookup](left, right)
    return UNDECIDED


def evaluate(condition, values):
    """`condition` (a Q) for `values` (field name -> value): True, False, None (unknown) or UNDECIDED."""
    if not isinstance(condition, Q):
        return UNDECIDED
    results = []
    for child in condition.children:
        result = evaluate(child, values) if isinstance(child, Q) else _lookup(*child, values)
        if result is UNDECIDED:
            return UNDECIDED
        results.append(result)
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (None if None in results else False)
    else:
        return UNDECIDED
    if condition.negated:
        result = None if result is None else not result
    return result


def validate_check_constraint(constraint, model, instance, exclude=None):
    """Raise ValidationError as `constraint.validate()` would, in Python when it can."""
    values = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    try:
        passed = evaluate(constraint.condition, values)
    except FieldError:
        return
    if passed is UNDECIDED:
        using = router.db_for_write(model, instance=instance)
        constraint.validate(model, instance, exclude=exclude, using=using)
    elif passed is False:
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


def validate_constraints(instance, exclude=None):
    """`Model.validate_constraints()`, with check constraints decided in Python when they can be."""
    errors = {}
    using = router.db_for_write(type(instance), instance=instance)
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    validate_check_constraint(constraint, model, instance, exclude)
                else:
                    constraint.validate(model, instance, exclude=exclude, using=using)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
