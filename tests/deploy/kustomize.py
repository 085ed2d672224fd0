"""A small kustomize for the tests: what deploy/k8s's kustomizations use (resources, namespace,
images, inline JSON 6902 patches), so the overlay renders without the kustomize binary. Where
`kubectl kustomize` is installed, tests/deploy/test_kubernetes.py checks both agree."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Resource = dict[str, Any]
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
# Where kustomize's `images:` looks for container images in the kinds used here.
POD_SPECS = {
    "Deployment": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}


def render(folder: Path) -> list[Resource]:
    """The resources `kustomize build folder` prints, in order."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    unsupported = set(kustomization) - SUPPORTED
    if unsupported:
        raise ValueError(f"{folder}: this renderer does not know {sorted(unsupported)}")
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        path = (folder / entry).resolve()
        if path.is_dir():
            resources.extend(render(path))
        else:
            resources.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    if "namespace" in kustomization:
        for resource in resources:
            resource.setdefault("metadata", {})["namespace"] = kustomization["namespace"]
    for image in kustomization.get("images", []):
        for resource in resources:
            _set_image(resource, image)
    for patch in kustomization.get("patches", []):
        target = patch["target"]
        matched = [
            resource
            for resource in resources
            if resource["kind"] == target["kind"] and resource["metadata"]["name"] == target["name"]
        ]
        if not matched:
            raise ValueError(f"{folder}: a patch matches no resource: {target}")
        for resource in matched:
            for operation in yaml.safe_load(patch["patch"]):
                apply(resource, operation)
    return resources


def _set_image(resource: Resource, image: dict[str, str]) -> None:
    path = POD_SPECS.get(resource["kind"])
    if path is None:
        return
    spec: Any = resource
    for key in path:
        spec = spec[key]
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        name, _, tag = container["image"].partition(":")
        if name == image["name"]:
            container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"


def apply(resource: Resource, operation: dict[str, Any]) -> None:
    """One JSON 6902 operation (add, replace, remove) at a JSON pointer."""
    *parents, last = [
        part.replace("~1", "/").replace("~0", "~") for part in operation["path"].split("/")[1:]
    ]
    node: Any = resource
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    op = operation["op"]
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, copy.deepcopy(operation["value"]))
        elif op == "replace":
            node[index] = copy.deepcopy(operation["value"])
        elif op == "remove":
            del node[index]
        else:
            raise ValueError(f"unsupported patch operation {op!r}")
        return
    if op in ("replace", "remove") and last not in node:
        raise ValueError(f"{operation['path']}: nothing to {op}")
    if op in ("add", "replace"):
        node[last] = copy.deepcopy(operation["value"])
    elif op == "remove":
        del node[last]
    else:
        raise ValueError(f"unsupported patch operation {op!r}")
