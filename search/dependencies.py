"""Which search documents show fields of another model: the index follows every field it shows.

A thread's and an answer's documents show their category's slug and their tags' names, but
Category and Tag have no documents of their own, and the engine does not import the apps that
own them. So those apps tell the engine, once, in their ``AppConfig.ready()``::

    search.dependencies.register(Category, lambda category: [
        Thread.objects.filter(category=category), Answer.objects.filter(thread__category=category)])

When a registered model's row is saved or deleted, search.signals queues the documents of
every object in the querysets returned, in the same transaction as the change (see
search.index_queue), and they are rebuilt after the commit.
"""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet

DocumentsOf = Callable[[Model], Iterable[QuerySet]]

_registry: dict[type[Model], list[DocumentsOf]] = {}


def register(model: type[Model], documents_of: DocumentsOf) -> None:
    """When `model` changes, rebuild the documents of the objects `documents_of(obj)` returns
    (querysets of indexed models; only their primary keys are read)."""
    callbacks = _registry.setdefault(model, [])
    if documents_of not in callbacks:
        callbacks.append(documents_of)


def registered_models() -> list[type[Model]]:
    return list(_registry)


def dependent_keys(model: type[Model], instance: Model) -> list[tuple[str, str]]:
    """(model label, pk) of every document that shows a field of `instance`."""
    keys = []
    for documents_of in _registry.get(model, ()):
        for queryset in documents_of(instance):
            label = queryset.model._meta.label_lower
            keys += [(label, str(pk)) for pk in queryset.values_list("pk", flat=True)]
    return keys
