"""Cases for the mediation tests."""

import datetime as dt
import io

from mediation.services.cases import case_accept, case_assign, case_create

#: valid GB 11643 numbers (check characters computed, see test_id_number)
ID_A = "650102199001011239"
ID_B = "11010519491231002X"


def make_case(world, *, respondent=None, source="complaint", **extra):
    staff = world.users["staff"]
    fields = {
        "source": source,
        "consumer_name": "张三",
        "consumer_id_number": ID_A,
        "consumer_phone": "13812341234",
        "respondent": respondent or world.org_a_branch,
        "line": "auto",
        "amount_in_dispute": "12000.00",
        "received_on": dt.date(2026, 3, 2),
    }
    if source == "complaint":
        fields["channel"] = "hotline"
    else:
        fields |= {
            "court": "乌鲁木齐铁路运输法院",
            "referral_number": "(2026)新7101诉前调1号",
            "referral_date": fields["received_on"],
        }
    fields |= extra
    return case_create(actor=staff, **fields)


def assigned_case(world, **extra):
    staff = world.users["staff"]
    case = make_case(world, **extra)
    case = case_accept(case=case, actor=staff, accepted_on=dt.date(2026, 3, 3))
    return case_assign(case=case, actor=staff, mediator=world.users["mediator"])


def pdf_file(name="协议.pdf"):
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    f = io.BytesIO(data)
    f.name = name
    f.size = len(data)
    return f


def matrix_case(world):
    """A case against A's branch (region X), assigned to the world's mediator."""
    return assigned_case(world)
