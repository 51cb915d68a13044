from .contacts import ContactPerson
from .organisations import Organisation
from .regions import Region
from .users import Membership, User

__all__ = ["ContactPerson", "Membership", "Organisation", "Region", "User"]
