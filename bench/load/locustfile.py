"""The mix `make load` drives: member company users (3 in 4) and regulators (1 in 4), each signed in
through the login form with a session, reading the pages and API lists they use every day."""

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "Xj-demo-2026!")
MEMBERS = itertools.cycle(os.environ.get("LOAD_MEMBERS", "picc.manager").split(","))
REGULATORS = itertools.cycle(os.environ.get("LOAD_REGULATORS", "regulator").split(","))


SAMPLES: list[tuple[str, float, bool]] = []


@events.request.add_listener
def _keep(name, response_time, exception, **kwargs):
    SAMPLES.append((name, response_time, exception is None))


@events.quitting.add_listener
def _write(environment, **kwargs):
    """Every request's time, so that the runner can give exact percentiles of the day's work
    (after sign-in, which hashes a password on purpose and is reported apart)."""
    path = os.environ.get("LOAD_SAMPLES")
    if path:
        with open(path, "w") as f:
            json.dump(SAMPLES, f)


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.2, 1.0)
    username = ""

    def on_start(self):
        self.client.get("/accounts/login/", name="login form")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            {"login": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"sign-in of {self.username} answered {response.status_code}")


class Member(SignedIn):
    weight = 3

    def on_start(self):
        self.username = next(MEMBERS)
        super().on_start()

    @task(3)
    def home(self):
        self.client.get("/", name="member home")

    @task(3)
    def inbox(self):
        self.client.get("/inbox/", name="inbox")

    @task(2)
    def obligations_api(self):
        self.client.get("/api/v1/obligations/", name="api obligations")

    @task(1)
    def notifications(self):
        self.client.get("/notifications/", name="notifications")

    @task(1)
    def mediation(self):
        self.client.get("/mediation/cases/", name="mediation cases")

    @task(1)
    def disasters(self):
        self.client.get("/disasters/", name="disaster events")

    @task(1)
    def organisations_api(self):
        self.client.get("/api/v1/organisations/", name="api organisations")


class Regulator(SignedIn):
    weight = 1

    def on_start(self):
        self.username = next(REGULATORS)
        super().on_start()

    @task(3)
    def home(self):
        self.client.get("/", name="regulator home")

    @task(2)
    def compliance(self):
        self.client.get("/compliance/", name="compliance")

    @task(2)
    def mediation_statistics(self):
        year = random.choice([2025, 2026])
        self.client.get(
            f"/api/v1/mediation/statistics/?date_from={year}-01-01&date_to={year}-12-31", name="api mediation stats"
        )

    @task(1)
    def organisations(self):
        self.client.get("/organisations/", name="organisation directory")

    @task(1)
    def disasters(self):
        self.client.get("/disasters/", name="disaster events")
