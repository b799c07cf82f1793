"""`/health`: the service is up and its store answers (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.log import last_position
from api.models import HealthPublic
from api.problems import PROBLEM_RESPONSES

router = APIRouter(prefix="/health", tags=["health"],
                   responses={code: PROBLEM_RESPONSES[code] for code in (422, 500, 503)})


@router.get("", response_model=HealthPublic)
async def health(store: StoreDep) -> HealthPublic:
    """Tell that the service runs and reach the store (answers 503 as problem+json if it cannot)."""
    try:
        position = await run_in_threadpool(last_position, store.app)
    except Exception as e:  # noqa: BLE001 - any failure of the store means "unhealthy"
        raise HTTPException(503, f"the store does not answer: {e}") from None
    return HealthPublic(status="ok", last_position=position)
