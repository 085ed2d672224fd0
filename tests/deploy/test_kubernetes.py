"""deploy/k8s, checked offline: the base and the example overlay rendered (tests/deploy/
kustomize.py; compared with `kubectl kustomize` where it is installed), every resource valid
against the pinned Kubernetes version's schemas (kubernetes-validate, strict), and what the
manifests promise: probes, limits, a non-root user, the commands they run, the variables they
set, and placeholder secrets that production refuses."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml

from ali.cli import app
from ali.settings import Settings
from tests.deploy.dockerfile import stages
from tests.deploy.kustomize import Resource, render
from tests.deploy.settings_names import is_setting

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy/k8s"
OVERLAYS = sorted(path.parent for path in (K8S / "overlays").glob("*/kustomization.yaml"))
# The Kubernetes version the manifests are validated against (kubernetes-validate ships the
# schemas of each release; move this when the council's clusters move).
KUBERNETES_VERSION = "1.32.0"
KINDS = {
    "ConfigMap",
    "Secret",
    "Deployment",
    "Service",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "Job",
    "CronJob",
}


def _one(resources: list[Resource], kind: str) -> Resource:
    [found] = [resource for resource in resources if resource["kind"] == kind]
    return found


def _pod(resource: Resource) -> dict[str, Any]:
    if resource["kind"] == "CronJob":
        return resource["spec"]["jobTemplate"]["spec"]["template"]["spec"]  # type: ignore[no-any-return]
    return resource["spec"]["template"]["spec"]  # type: ignore[no-any-return]


def _workloads(resources: list[Resource]) -> list[Resource]:
    return [r for r in resources if r["kind"] in ("Deployment", "Job", "CronJob")]


@pytest.fixture(scope="module", params=["base", *(path.name for path in OVERLAYS)])
def rendered(request: pytest.FixtureRequest) -> list[Resource]:
    folder = K8S / "base" if request.param == "base" else K8S / "overlays" / request.param
    return render(folder)


def test_there_is_an_example_overlay() -> None:
    assert [path.name for path in OVERLAYS] == ["example"]


def test_every_resource_is_valid_for_the_pinned_kubernetes(rendered: list[Resource]) -> None:
    assert {resource["kind"] for resource in rendered} == KINDS
    for resource in rendered:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_the_validation_would_catch_a_mistake(rendered: list[Resource]) -> None:
    broken = copy.deepcopy(_one(rendered, "Deployment"))
    broken["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_the_server_is_probed_where_ali_answers(rendered: list[Resource]) -> None:
    [container] = _pod(_one(rendered, "Deployment"))["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["ports"][0]["containerPort"] == 8000


def test_every_container_is_limited_and_runs_as_the_image_user(rendered: list[Resource]) -> None:
    [user] = stages()[-1].all("USER")
    uid = int(user.arguments.split(":")[0])
    for workload in _workloads(rendered):
        pod = _pod(workload)
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == uid
        assert pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            name = f"{workload['kind']}/{container['name']}"
            assert container["resources"]["requests"]["memory"], name
            assert container["resources"]["limits"]["memory"], name
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"]["drop"] == ["ALL"], name


def test_the_jobs_run_commands_ali_has(rendered: list[Resource]) -> None:
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}  # type: ignore[union-attr]
    assert {"serve", "migrate", "purge"} <= commands
    runs = {w["kind"]: _pod(w)["containers"][0]["args"] for w in _workloads(rendered)}
    assert runs == {"Deployment": ["serve"], "Job": ["migrate"], "CronJob": ["purge"]}
    assert _one(rendered, "CronJob")["spec"]["concurrencyPolicy"] == "Forbid"


def test_the_selectors_find_the_server_pods(rendered: list[Resource]) -> None:
    deployment = _one(rendered, "Deployment")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert _one(rendered, "Service")["spec"]["selector"].items() <= labels.items()
    assert _one(rendered, "PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= (
        labels.items()
    )
    target = _one(rendered, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    pdb = _one(rendered, "PodDisruptionBudget")["spec"]["minAvailable"]
    assert pdb < _one(rendered, "HorizontalPodAutoscaler")["spec"]["minReplicas"]


def test_the_variables_are_settings_from_the_config_map_and_secret(
    rendered: list[Resource],
) -> None:
    names = {(r["kind"], r["metadata"]["name"]) for r in rendered}
    for workload in _workloads(rendered):
        for container in _pod(workload)["containers"]:
            for source in container["envFrom"]:
                [(kind, reference)] = source.items()
                wanted = {"configMapRef": "ConfigMap", "secretRef": "Secret"}[kind]
                assert (wanted, reference["name"]) in names
    config = _one(rendered, "ConfigMap")["data"]
    secret = _one(rendered, "Secret")["stringData"]
    for name in [*config, *secret]:
        assert is_setting(name), f"{name} is not a setting of ali.settings.Settings"


def _production_environment(rendered: list[Resource], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("ALI_")]:
        monkeypatch.delenv(name)
    # The image's own variables, then the ConfigMap's and the Secret's.
    for instruction in stages()[-1].all("ENV"):
        for word in instruction.words():
            name, _, value = word.partition("=")
            if name.startswith("ALI_"):
                monkeypatch.setenv(name, value)
    data = _one(rendered, "ConfigMap")["data"] | _one(rendered, "Secret")["stringData"]
    for name, value in data.items():
        monkeypatch.setenv(name, value)


def test_production_refuses_the_placeholder_secret(
    rendered: list[Resource], monkeypatch: pytest.MonkeyPatch
) -> None:
    _production_environment(rendered, monkeypatch)
    with pytest.raises(ValueError, match="placeholder"):
        Settings(_env_file=None)


def test_production_starts_once_the_secret_is_real(
    rendered: list[Resource], monkeypatch: pytest.MonkeyPatch
) -> None:
    _production_environment(rendered, monkeypatch)
    real = {
        "ALI_SECRET_KEY": "k8s-test-" + "r" * 48,
        "ALI_DATABASE__URL": "postgresql+psycopg://ali:a-real-db-password@postgres:5432/ali",
        "ALI_REDIS_URL": "redis://:a-real-redis-password@redis:6379/0",
        "ALI_CONNECTOR_KEYS": '{"alicante": "a-real-back-office-key-0123456789"}',
        "ALI_METRICS__TOKEN": "a-real-metrics-token-0123456789",
    }
    assert set(real) == set(_one(rendered, "Secret")["stringData"])
    for name, value in real.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    assert settings.environment == "production"
    assert settings.councils == ["alicante"]


def test_the_overlay_names_the_namespace_and_the_council_image() -> None:
    [overlay] = OVERLAYS
    resources = render(overlay)
    assert {resource["metadata"]["namespace"] for resource in resources} == {"ali-alicante"}
    images = {c["image"] for w in _workloads(resources) for c in _pod(w)["containers"]}
    assert images == {"registry.alicante.example/ali-alicante:0.1.0"}
    assert _one(resources, "HorizontalPodAutoscaler")["spec"]["minReplicas"] == 3
    assert "ALI_BACK_OFFICES" in _one(resources, "ConfigMap")["data"]


@pytest.mark.parametrize("folder", [K8S / "base", *OVERLAYS], ids=lambda p: p.name)
def test_kubectl_kustomize_renders_the_same(folder: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed (rendered by tests/deploy/kustomize.py only)")
    output = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True
    ).stdout

    def key(resource: Resource) -> tuple[str, str]:
        return resource["kind"], resource["metadata"]["name"]

    theirs = sorted((doc for doc in yaml.safe_load_all(output) if doc), key=key)
    assert theirs == sorted(render(folder), key=key)
