"""Running the same work on two connections at the same moment, as two workers would."""

import threading

from django.db import connection


def at_once(work, times: int = 2) -> list:
    """Call `work()` in `times` threads released together, each on its own database connection
    (the test must be transactional to see their commits). Returns what each call returned;
    raises the first error any of them raised."""
    start = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # re-raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
