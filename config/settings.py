"""Settings, read from the environment. Production differs from development only by it.

DJANGO_ENV=production turns on the production posture (see README "Environment").
"""

import base64
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and DJANGO_ENV != "test")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "django_celery_beat",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "association",
    "accounts",
    "disasters",
    "mediation",
    "selfregulation",
    "campaigns",
    "messaging",
    "governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "association.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "association.middleware.RequestIdMiddleware",
    "association.middleware.PrivateResponseMiddleware",
    "association.middleware.AuditHistoryMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.AccountPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "association.context_processors.portal",
            ],
            # the figure filters (yuan, wan_yuan, amount, grouped, percent, percent_points, countdown)
            # in every template, as Chinese reports write numbers
            "builtins": ["association.templatetags.figures"],
        },
    },
]

# --- data stores -------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use `make run` / `make test`, which start an embedded "
        "PostgreSQL, or point DATABASE_URL at a PostgreSQL server."
    )
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("The portal runs on PostgreSQL only.")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# one test database per test run, so that runs in parallel on one server do not collide; the pytest-xdist
# workers of a run (processes started by its pytest) are named after it: pytest-django appends `_gw0`,
# `_gw1`, ... and tests/conftest.py creates theirs from a template `test_portal_<pid of pytest>`
_test_run_pid = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", f"test_portal_{_test_run_pid}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is not set. Use `make run` / `make test` or point it at Redis.")


def _redis_url_for_test_worker(url: str, worker: str) -> str:
    """The Redis URL of pytest-xdist worker ``gwN``: database number N above the URL's own.

    The tests flush the cache database and run real Celery workers on it, so parallel test processes
    must not share one database (their test databases differ already: pytest-django adds ``_gwN``).
    """
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(f"pytest-xdist needs a redis:// REDIS_URL (one database per worker), not {url!r}")
    db = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{db}"))


# set by pytest-xdist in its workers (inherited by the processes they start, e.g. a Celery worker)
if os.environ.get("PYTEST_XDIST_WORKER"):
    REDIS_URL = _redis_url_for_test_worker(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
    }
}

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# an unacknowledged task (its worker died) is handed to another worker after this many seconds
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}

# --- secrets at rest (association/encryption.py) ------------------------------------------
# the salts of the field-encryption keys (derived with SECRET_KEY), newest first; an old one stays listed
# until the values it encrypted are re-saved
SALT_KEY = [s for s in os.environ.get("FIELD_ENCRYPTION_SALTS", "portal-fields-2026").split(",") if s]
# the field-encryption keys (Fernet keys, newest first): the newest encrypts, all decrypt, the derived ones
# above are tried last; rotation: a new key first, `manage.py rotate_field_keys`, then drop the old one
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError as exc:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS: each is a Fernet key (32 bytes, url-safe base64)") from exc
# the key of the keyed hashes beside encrypted values looked up by exact value (empty: derived from SECRET_KEY)
FIELD_HASH_KEY = os.environ.get("FIELD_HASH_KEY", "")

# --- urgent channels (messaging/) --------------------------------------------------------
# quiet hours (Beijing) hold back routine messages only; urgent and critical ones go at once
MESSAGING_QUIET_HOURS = (
    os.environ.get("MESSAGING_QUIET_FROM", "22:00"),
    os.environ.get("MESSAGING_QUIET_UNTIL", "07:00"),
)
# how long an acknowledgement link stays valid
MESSAGING_ACK_MAX_AGE_HOURS = int(os.environ.get("MESSAGING_ACK_MAX_AGE_HOURS", "48"))
# tries per channel before falling back to the next one, and the first wait between tries (doubling)
MESSAGING_MAX_ATTEMPTS = int(os.environ.get("MESSAGING_MAX_ATTEMPTS", "3"))
MESSAGING_RETRY_SECONDS = int(os.environ.get("MESSAGING_RETRY_SECONDS", "20"))
# robots whose host is fixed by the service (WeCom, DingTalk, Feishu, Lark) can be pointed elsewhere (a
# proxy on an isolated network; the tests' loopback server): service -> URL with {token}
MESSAGING_ENDPOINTS: dict[str, str] = {}
# the address in the acknowledgement links (the portal's public address)
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# --- auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "association.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",  # sessions made before allauth (and tests' force_login) name it
    "association.auth_backends.RolePermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if DJANGO_ENV == "test":  # hashing cost only; the algorithm under test is the same family
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
#: 等保 level 3: length, three of four character classes, not like the person's data, not a common password
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "accounts.validators.CharacterClassesValidator",
        "OPTIONS": {"classes": int(os.environ.get("PASSWORD_CHARACTER_CLASSES", "3"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-allauth (sign-in, password reset, two-factor, sessions); there is no self sign-up: people are invited
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}  # invited people's user name is their e-mail address
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False  # the registry's e-mail addresses were never unique; sign-in by username works
ACCOUNT_PREVENT_ENUMERATION = True  # a reset request answers the same whether the address is known or not
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # and writes to nobody when it is not
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "allauth.account.forms.EmailAwarePasswordResetTokenGenerator"
ACCOUNT_RATE_LIMITS = {
    # failed sign-ins per address across user names are slowed, not locked: after 10 in a minute the
    # address waits out the minute (an office behind one NAT is slowed for a minute at worst, never locked
    # out: the lock-out of django-axes stays per user name and address)
    "login_failed": os.environ.get("LOGIN_RATE_LIMIT", "10/m/ip,10/5m/key"),
    "reset_password": os.environ.get("RESET_RATE_LIMIT", "10/m/ip,3/10m/key"),
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
ACCOUNT_FORMS = {"login": "accounts.forms.PortalLoginForm"}
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "保险行业协会门户")
MFA_TOTP_TOLERANCE = 1  # the code before and after: phones whose clocks are a little off
USERSESSIONS_TRACK_ACTIVITY = False  # a session is listed from its sign-in (no write on every request)
#: who must sign in with a second factor (association staff, mediators, regulators; 等保 level 3)
MFA_REQUIRED_FOR_PRIVILEGED = env_bool("MFA_REQUIRED_FOR_PRIVILEGED", DJANGO_ENV != "test")
#: `make run` only: the demo's users may skip the second factor so the README's logins open the portal
DEMO_USERS_SKIP_MFA = env_bool("DEMO_USERS_SKIP_MFA", False)
#: an invitation link works once, for this many days
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
#: idle time-out: a session unused this long ends (每次请求都会顺延)
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "association.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
# attempts in the database: staff see and clear lock-outs on a portal page
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True

# --- i18n / time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static / media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"  # never served: files leave through views that check scope (association/files.py)
#: how a download view hands a file over: `django` (streams it) or `x-accel` (nginx: X-Accel-Redirect to
#: FILE_DELIVERY_PREFIX + name, an `internal` location on MEDIA_ROOT)
FILE_DELIVERY = os.environ.get("FILE_DELIVERY", "django")
if FILE_DELIVERY not in {"django", "x-accel"}:
    raise ImproperlyConfigured("FILE_DELIVERY must be django or x-accel")
FILE_DELIVERY_PREFIX = os.environ.get("FILE_DELIVERY_PREFIX", "/protected-media/")

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "association.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "association.api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": os.environ.get("TOKEN_THROTTLE_RATE", "20/min")},
    "EXCEPTION_HANDLER": "association.api.errors.exception_handler",
    # proxies in front of the app; throttling trusts X-Forwarded-For only that far
    "NUM_PROXIES": int(os.environ["NUM_PROXIES"]) if os.environ.get("NUM_PROXIES") else 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Insurance Association Portal API",
    "DESCRIPTION": "保险行业协会门户 API: organisations, contacts and the domain apps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # several apps have a "status"/"level" choice set: name each enum after its own choices
    "ENUM_NAME_OVERRIDES": {
        "ObligationStatusEnum": "association.choices.ObligationStatus",
        "CaseStatusEnum": "mediation.choices.CaseStatus",
        "ChangeStatusEnum": "disasters.choices.ChangeStatus",
        "MembershipStatusEnum": "association.choices.MembershipStatus",
        "RegionLevelEnum": "association.choices.RegionLevel",
        "GradeEnum": "disasters.choices.Grade",
        "CampaignKindEnum": "campaigns.choices.CampaignKind",
        "CampaignStatusEnum": "campaigns.choices.CampaignStatus",
        "DeliverableKindEnum": "campaigns.choices.DeliverableKind",
        "ActivityKindEnum": "campaigns.choices.ActivityKind",
        "AlertStatusEnum": "campaigns.choices.AlertStatus",
        "AlertSeverityEnum": "campaigns.choices.AlertSeverity",
        "ReturnSourceEnum": "selfregulation.choices.ReturnSource",
        "LineOfBusinessEnum": "selfregulation.choices.LineOfBusiness",
        "InspectionStatusEnum": "selfregulation.choices.InspectionStatus",
        "InspectionKindEnum": "selfregulation.choices.InspectionKind",
        "CaseSourceEnum": "mediation.choices.CaseSource",
        "LineOfInsuranceEnum": "mediation.choices.LineOfInsurance",
        "BodyKindEnum": "governance.choices.BodyKind",
        "MeetingStatusEnum": "governance.choices.MeetingStatus",
        "ConsultationKindEnum": "governance.choices.ConsultationKind",
        "ConsultationStatusEnum": "governance.choices.ConsultationStatus",
        "TrainingModeEnum": "governance.choices.TrainingMode",
        "SessionModeEnum": "mediation.choices.SessionMode",
        "TrainingStatusEnum": "governance.choices.TrainingStatus",
    },
}

# --- import / export --------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
# the uploaded file waits between "check" and "confirm" in Redis, so any web process can confirm it
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_FORMATS = []  # set in association.importing (CSV with GBK detection, xlsx)

# --- email ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@example.org")

# --- security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load-balancer probes speak plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # preload is hard to undo (browsers ship the list): opt-in
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
#: proxies (addresses or networks, e.g. `10.0.0.5,172.16.0.0/12`) whose X-Request-ID the portal keeps;
#: empty: every request gets the portal's own id
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network") from exc
#: Content-Security-Policy (django-csp): scripts, styles, fonts and images from the portal itself, no inline
#: script or style (templates use static/js and static/css), no framing, forms post to the portal only
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
#: Permissions-Policy (django-permissions-policy): the portal uses none of these browser features (security
#: keys / passkeys, publickey-credentials-*, stay allowed for the sign-in's second factor)
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip
SILENCED_SYSTEM_CHECKS = []
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # HSTS preload is opt-in (SECURE_HSTS_PRELOAD), see README

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "association.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

# --- the portal -------------------------------------------------------------------------
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
WORKDAY_END_TIME = os.environ.get("WORKDAY_END_TIME", "17:30")
REMINDER_BEFORE_HOURS = [int(h) for h in env_list("REMINDER_BEFORE_HOURS", "24,2")]
REMINDER_ESCALATE_AFTER_MINUTES = int(os.environ.get("REMINDER_ESCALATE_AFTER_MINUTES", "60"))
PORTAL_NAME = os.environ.get("PORTAL_NAME", "新疆维吾尔自治区保险行业协会")
#: the portal's address as people reach it, for links in e-mails (invitations)
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000").rstrip("/")
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_NAME}] "
#: the issuer's part of a notice's document number (文号): <prefix>〔<year>〕<n>号, numbered per prefix and year
NOTICE_NUMBER_PREFIX = os.environ.get("NOTICE_NUMBER_PREFIX", "新保协发")

# --- campaigns --------------------------------------------------------------------------
#: minutes a publicity contact A has to acknowledge a public-opinion alert before B is notified
CAMPAIGNS_ALERT_ACK_MINUTES = int(os.environ.get("CAMPAIGNS_ALERT_ACK_MINUTES", "30"))

# --- selfregulation ---------------------------------------------------------------------
#: monthly market figures are due on this working day of the following month (official calendar)
SELFREGULATION = {"RETURN_DUE_WORKING_DAY": int(os.environ.get("SELFREGULATION_RETURN_DUE_WORKING_DAY", "10"))}
