"""The folder of the ali-sandbox distribution (its package is `ali_sandbox`); a package only so
its tests are imported as `sandbox.tests`, apart from the product's `tests`."""
