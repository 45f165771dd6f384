import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task
def record_heartbeat() -> int:
    """Proves the path beat → Redis → worker → PostgreSQL works end to end."""
    return WorkerHeartbeat.objects.create(hostname=socket.gethostname()).pk
