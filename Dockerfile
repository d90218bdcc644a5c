# Headline Inspector: the HTTP service with the shipped model.
#   docker build -t headline-inspector .
#   docker run --rm -p 8000:8000 headline-inspector     # then open http://127.0.0.1:8000/docs
# Configuration: the HEADLINE_* environment variables in docs/api.md.

FROM python:3.11-slim-bookworm AS deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements/lock.txt ./
# The service's locked versions (requirements/lock.txt, made from pyproject.toml by scripts/lock.sh; no dev
# tools), each file checked against its SHA-256, in a venv we copy. The code runs from /app (PYTHONPATH).
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --require-hashes -r lock.txt

FROM python:3.11-slim-bookworm
LABEL org.opencontainers.image.title="headline-inspector" \
      org.opencontainers.image.description="Headline quality and clickbait detection API" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HEADLINE_BIND=0.0.0.0:8000 \
    HEADLINE_WORKERS=2
RUN groupadd --system --gid 10001 headline \
 && useradd --system --uid 10001 --gid headline --no-create-home --shell /usr/sbin/nologin headline
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
COPY gunicorn.conf.py pyproject.toml ./
COPY training/ training/
COPY service/ service/
# The shipped model (joblib bundle + card with its SHA-256), checked when the app starts.
COPY models/ models/
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
ENTRYPOINT ["gunicorn", "--config", "/app/gunicorn.conf.py"]
CMD ["service.web:create_app()"]
