"""The page benchmark as a smoke test: on a tiny generated data set every page it times answers,
and with the same number of queries at two sizes."""

import pytest
from django.utils import timezone

from benchmarks import dataset
from benchmarks.pages import requests_to_time, time_pages

pytestmark = pytest.mark.django_db


def pages_at(clients: int) -> dict:
    dataset.reset()
    dataset.generate(dataset.Size(clients=clients, due=5, sent=10), now=timezone.now())
    return time_pages(requests_to_time(), runs=1)


def test_every_benchmarked_page_answers_on_the_generated_data():
    pages = pages_at(50)

    assert all(page["p50"] > 0 and page["queries"] > 0 for page in pages.values())


def test_every_benchmarked_page_runs_as_many_queries_at_two_sizes():
    small = {name: page["queries"] for name, page in pages_at(50).items()}
    large = {name: page["queries"] for name, page in pages_at(200).items()}

    assert small == large
