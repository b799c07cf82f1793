"""`geoevents actors refold`: claim the names a store claimed before letters without a decomposition (ł, ø, đ...)
were transliterated under today's folded form too, so that `Walesa` finds the actor registered as `Wałęsa`.

Such a name's claim sits on the name-index stream of its older form (`wałesa`); lookups and registrations
still consult that form (`domain.names.name_folds`), but only a claim under today's form (`walesa`) lets the
plain spelling find it. Claims are new events: nothing stored changes. A name whose new form another actor
already claims is left as it is and reported (two actors whose names now fold alike).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from eventsourcing.persistence import IntegrityError

from domain.actors import NameClaimed
from domain.errors import ConcurrentWriteConflict
from domain.identity import name_index_id
from domain.names import fold_name, name_folds
from store.append import PendingEvents

if TYPE_CHECKING:
    from store.root import Store

ATTEMPTS = 3


@dataclass
class Refolded:
    """What a refold did: names claimed under their new form, and names whose new form another actor holds."""

    claimed: list[str] = field(default_factory=list)
    taken: list[tuple[str, str, str]] = field(default_factory=list)
    """(name, its actor, the actor that holds the name's new form)."""


def refold(store: Store) -> Refolded:
    """Claim every older-form name under its new form where that is free; then bring the views up to date."""
    for _ in range(ATTEMPTS):
        done, claims = Refolded(), {}
        for name, actor in sorted(store.directory.known_names().items()):
            folded = fold_name(name)
            if len(name_folds(name)) == 1:
                continue
            if folded in claims:  # two older names that now fold alike: the first one claims it
                if claims[folded].actor != actor:
                    done.taken.append((name, actor, claims[folded].actor))
                continue
            holder = store.app.first_event(name_index_id(folded))
            if holder is None:
                claims[folded] = NameClaimed(originator_id=name_index_id(folded), originator_version=1,
                                               timestamp=datetime.now(timezone.utc), name=name, actor=actor)
                done.claimed.append(name)
            elif holder.actor != actor:  # type: ignore[attr-defined]
                done.taken.append((name, actor, holder.actor))  # type: ignore[attr-defined]
        if not claims:
            return done
        try:
            store.app.save(PendingEvents(list(claims.values())))
        except IntegrityError:
            continue  # another writer claimed one of these names meanwhile: look again
        store.appender.run_after_save(len(claims))
        return done
    raise ConcurrentWriteConflict("other writers kept claiming the same names; nothing was stored, try again")
