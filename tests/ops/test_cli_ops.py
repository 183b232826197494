"""Which Prefect server `glaneur serve` uses: its own, unless PREFECT_API_URL names another one."""

import pytest

from glaneur.cli_ops import existing_server


@pytest.mark.parametrize(("api_url", "expected"), [
    (None, None),
    ("", None),
    ("http://127.0.0.1:4200/api", None),  # the address serve --port 4200 starts: start it
    ("http://localhost:4200/api", None),
    ("http://127.0.0.1:4300/api", "http://127.0.0.1:4300/api"),  # another local server: use it
    ("http://prefect.internal:4200/api", "http://prefect.internal:4200/api"),
    ("https://api.prefect.cloud/api/accounts/a/workspaces/w", "https://api.prefect.cloud/api/accounts/a/workspaces/w"),
])
def test_serve_starts_its_own_server_unless_another_is_named(api_url, expected):
    assert existing_server(api_url, 4200) == expected
