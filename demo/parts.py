"""Each app's part of the demo data (its demo.py, casemgmt/demo.py says what a part is), in the
order they run: lowest app first, as in pyproject.toml's layers, since a part builds on what the
parts below it made. An app that brings demo data adds its module here."""

import accounts.demo
import assessments.demo
import careplans.demo
import cases.demo
import clients.demo
import discharge.demo
import referrals.demo
import reminders.demo

PARTS = [
    accounts.demo,
    clients.demo,
    cases.demo,
    reminders.demo,
    assessments.demo,
    careplans.demo,
    referrals.demo,
    discharge.demo,
]
