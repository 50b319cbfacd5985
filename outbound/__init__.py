"""The ways out: sending a request to a gateway environment and reading its reply (client), the configured
environments, and the URL policy that decides where callbacks may go (resolved addresses checked)."""
