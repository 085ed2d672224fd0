"""The SANDBOX back office: fake padrón register, demo identity provider, demo-sealed
certificates and the public CSV check, as a separate app that refuses to run in production."""

from ali_sandbox.app import create_sandbox_app
from ali_sandbox.errors import SandboxRefused
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tenants import create_tenants_app

__all__ = ["SandboxRefused", "SandboxSettings", "create_sandbox_app", "create_tenants_app"]
