"""Every model module, imported in one place so the metadata (and Alembic) sees them all."""
from .auth.models import LoginFailure, PasswordReset, User, UserSession  # noqa: F401
from .capability.models import (  # noqa: F401
    AssessmentCycle,
    CycleEvent,
    PracticeScore,
    Rater,
    Rating,
)
from .comments.models import Comment  # noqa: F401
from .lattice.models import CareerLattice, LatticeVersion  # noqa: F401
from .mail.models import MailMessage  # noqa: F401
from .organizations.models import Organization, coach_assignments  # noqa: F401
from .planning.models import Plan, PlanChange, PlanItem  # noqa: F401
from .submissions import FormSubmission  # noqa: F401
from .survey.models import SurveyAnswer, SurveyResponse, SurveyTally, SurveyWave  # noqa: F401
from .survey.invitation_models import SurveyCardBatch, SurveyInvitation  # noqa: F401
from .workforce.models import MetricTarget, WorkforcePeriod  # noqa: F401
