"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

The campaign has one participant, A's branch (region X): staff, A's users, regulator X and the
provincial bureau see it; member B, regulator Y and the mediator get 404. Regulators are read-only (403
on writes they can see); staff-only actions give 403 to A's users, who see the object.
"""

from django.utils import timezone

from tests.campaigns.helpers import make_alert, matrix_campaign
from tests.conftest import ROLES
from tests.matrix_tables import api, page

SEES = {"staff", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
ACTS_FOR_A = {"staff", "member_a_manager", "member_a_reporter"}
USERS = set(ROLES) - {"anonymous", "mediator"}  # the app's users: everyone but mediators
ALL = set(ROLES) - {"anonymous"}


def _c(w, suffix=""):
    return f"/campaigns/{matrix_campaign(w).pk}/{suffix}"


def _api(w, suffix=""):
    return f"/api/v1/campaigns/{matrix_campaign(w).pk}/{suffix}"


def _photo(w):
    campaign = matrix_campaign(w)
    return f"/campaigns/photos/{campaign.activities.get().photos.get().pk}/"


def _news(w):
    from campaigns.services.activities import news_draft_submit

    campaign = matrix_campaign(w)
    draft = news_draft_submit(
        actor=w.users["member_a_manager"], campaign=campaign, organisation=w.org_a_branch, title="新闻", body="正文"
    )
    return f"/campaigns/news/{draft.pk}/review/"


def _activity(w):
    return {
        "organisation": w.org_a_branch.pk,
        "kind": "school",
        "title": "金融知识进校园",
        "held_on": timezone.localdate().isoformat(),
        "place": "伊犁师范大学",
        "audience": "300",
        "views": "0",
    }


def _template_post(w):
    from campaigns.models import CampaignTemplate

    return {"mode": "template", "template": CampaignTemplate.objects.get(kind="awareness_day").pk, "year": "2031"}


def _alert(w):
    return {"organisation": w.org_a_branch.pk, "source": "微博", "summary": "负面帖子", "severity": "medium"}


ROWS: list = [
    ("campaigns-home", "get", lambda w: "/campaigns/", None, page(ALL)),
    ("campaigns-campaign-create", "get", lambda w: "/campaigns/new/", None, page({"staff"})),
    ("campaigns-campaign-create", "post", lambda w: "/campaigns/new/", _template_post, page({"staff"}, ok=302)),
    ("campaigns-campaign-detail", "get", lambda w: _c(w), None, page(SEES)),
    ("campaigns-campaign-close", "post", lambda w: _c(w, "close/"), None, page(SEES, ok=302, acts={"staff"})),
    (
        "campaigns-campaign-participants",
        "post",
        lambda w: _c(w, "participants/"),
        lambda w: {"participants": [w.org_b.pk]},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("campaigns-plan-document", "get", lambda w: _c(w, "plan/"), None, page(SEES)),
    ("campaigns-activity-create", "get", lambda w: _c(w, "activities/new/"), None, page(SEES, acts=ACTS_FOR_A)),
    (
        "campaigns-activity-create",
        "post",
        lambda w: _c(w, "activities/new/"),
        _activity,
        page(SEES, ok=302, acts=ACTS_FOR_A),
    ),
    (
        "campaigns-activity-delete",
        "post",
        lambda w: f"/campaigns/activities/{matrix_campaign(w).activities.get().pk}/delete/",  # the manager's
        None,
        page(SEES, ok=302, acts=ACTS_FOR_A - {"member_a_reporter"}),  # a reporter deletes only their own
    ),
    ("campaigns-news-create", "get", lambda w: _c(w, "news/new/"), None, page(SEES, acts=ACTS_FOR_A)),
    (
        "campaigns-news-create",
        "post",
        lambda w: _c(w, "news/new/"),
        lambda w: {"organisation": w.org_a_branch.pk, "title": "进社区活动", "body": "本周开展活动三场。"},
        page(SEES, ok=302, acts=ACTS_FOR_A),
    ),
    (
        "campaigns-news-review",
        "post",
        _news,
        lambda w: {"action": "publish", "outlet": "association_site", "link": "https://www.xjbx.org.cn/1"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("campaigns-ranking", "get", lambda w: _c(w, "ranking/"), None, page(SEES)),
    ("campaigns-ranking", "get", lambda w: _c(w, "ranking/?format=xlsx"), None, page(SEES)),
    ("campaigns-ranking", "get", lambda w: _c(w, "ranking/?format=pdf"), None, page(SEES)),
    ("campaigns-ranking", "post", lambda w: _c(w, "ranking/"), None, page(SEES, ok=302, acts={"staff"})),
    ("campaigns-photo", "get", _photo, None, page(SEES)),
    ("campaigns-annual", "get", lambda w: "/campaigns/annual/", None, page(USERS)),
    ("campaigns-annual", "get", lambda w: "/campaigns/annual/?format=xlsx", None, page(USERS)),
    ("campaigns-rules", "get", lambda w: "/campaigns/rules/", None, page(USERS)),
    ("campaigns-alert-list", "get", lambda w: "/campaigns/alerts/", None, page(USERS)),
    ("campaigns-alert-create", "get", lambda w: "/campaigns/alerts/new/", None, page({"staff"})),
    ("campaigns-alert-create", "post", lambda w: "/campaigns/alerts/new/", _alert, page({"staff"}, ok=302)),
    ("campaigns-alert-detail", "get", lambda w: f"/campaigns/alerts/{make_alert(w).pk}/", None, page(SEES)),
    (
        "campaigns-alert-detail",
        "post",
        lambda w: f"/campaigns/alerts/{make_alert(w).pk}/",
        lambda w: {"action": "acknowledge"},
        page(SEES, ok=302, acts=ACTS_FOR_A),
    ),
    (
        "campaigns-alert-detail",
        "post",
        lambda w: f"/campaigns/alerts/{make_alert(w).pk}/",
        lambda w: {"action": "close", "outcome": "已回应"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    # API
    ("api-campaigns:campaign-list", "get", lambda w: "/api/v1/campaigns/", None, api(ALL)),
    ("api-campaigns:campaign-detail", "get", lambda w: _api(w), None, api(SEES)),
    ("api-campaigns:campaign-activities", "get", lambda w: _api(w, "activities/"), None, api(SEES)),
    (
        "api-campaigns:campaign-activities",
        "post",
        lambda w: _api(w, "activities/"),
        _activity,
        api(SEES, ok=201, acts=ACTS_FOR_A),
    ),
    ("api-campaigns:campaign-ranking", "get", lambda w: _api(w, "ranking/"), None, api(SEES)),
    ("api-campaigns:alert-list", "get", lambda w: "/api/v1/campaigns/alerts/", None, api(ALL)),
    (
        "api-campaigns:alert-list",
        "post",
        lambda w: "/api/v1/campaigns/alerts/",
        _alert,
        api(ALL, ok=201, acts={"staff"}),
    ),
    ("api-campaigns:alert-counts", "get", lambda w: "/api/v1/campaigns/alerts/counts/", None, api(ALL)),
    ("api-campaigns:alert-detail", "get", lambda w: f"/api/v1/campaigns/alerts/{make_alert(w).pk}/", None, api(SEES)),
    (
        "api-campaigns:alert-acknowledge",
        "post",
        lambda w: f"/api/v1/campaigns/alerts/{make_alert(w).pk}/acknowledge/",
        None,
        api(SEES, acts=ACTS_FOR_A),
    ),
    (
        "api-campaigns:alert-close",
        "post",
        lambda w: f"/api/v1/campaigns/alerts/{make_alert(w).pk}/close/",
        lambda w: {"outcome": "已回应"},
        api(SEES, acts={"staff"}),
    ),
]
