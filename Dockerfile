# ALI — municipal virtual assistant. CPU only; no model is downloaded at run time.
#
#   docker build -t ali .
#   docker run -p 8000:8000 -e ALI_SECRET_KEY=<long random value> -v ali-data:/data ali
#
# torch is installed first and pinned (2.13.0). To get the small CPU build instead of the default
# wheel, point pip at a CPU wheel index of your choice with --build-arg PIP_EXTRA_INDEX_URL=...
FROM python:3.11-slim AS runtime

ARG PIP_EXTRA_INDEX_URL=""
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ALI_ENVIRONMENT=production \
    ALI_HOST=0.0.0.0 \
    ALI_PORT=8000 \
    ALI_LOG_FORMAT=json \
    ALI_DATA_DIR=/data \
    ALI_KNOWLEDGE_DIR=/app/knowledge

WORKDIR /app
RUN useradd --create-home --uid 10001 ali && mkdir -p /data && chown ali:ali /data

RUN pip install torch==2.13.0
# The product only: the sandbox back office (sandbox/, its own distribution) is never installed.
COPY pyproject.toml README.md ./
COPY ali ./ali
# The interface texts' compiled catalogues (.mo) are built here and ship in the wheel.
RUN pip install "babel>=2.14" && pybabel compile -D ali -d ali/locale && pip install .
COPY knowledge ./knowledge
COPY evals ./evals

USER ali
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=120s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"

# The index is built on first start (see /readyz) and kept in /data for later starts;
# `docker run ... ali index` builds it ahead of time.
ENTRYPOINT ["ali"]
CMD ["serve"]
