"""An administrator creates, lists and revokes source systems from the command line."""

from __future__ import annotations

import re

from data import schema, store
from tests.dashboard.cli.test_commands import cli


def test_create_list_and_revoke_a_source(empty_store_url):
    schema.upgrade(store.make_engine(empty_store_url))
    made = cli(empty_store_url, "create-source", "--name", "12345 热线", "--kind", "hotline")
    assert made.returncode == 0, made.stderr
    token = re.search(r"token \(shown once\): (\S+)", made.stdout).group(1)
    assert len(token) >= 40
    listed = cli(empty_store_url, "list-sources")
    assert "12345 热线\thotline\tactive" in listed.stdout and token not in listed.stdout
    source_id = listed.stdout.split("\t")[0]
    assert cli(empty_store_url, "revoke-source", source_id).returncode == 0
    assert "revoked" in cli(empty_store_url, "list-sources").stdout
    again = cli(empty_store_url, "revoke-source", source_id)
    assert again.returncode != 0 and "already revoked" in again.stderr


def test_a_department_source_without_its_department_is_refused(empty_store_url):
    schema.upgrade(store.make_engine(empty_store_url))
    refused = cli(empty_store_url, "create-source", "--name", "城管", "--kind", "department")
    assert refused.returncode != 0 and "needs --department" in refused.stderr
    assert "no sources" in cli(empty_store_url, "list-sources").stdout


def test_a_command_on_a_store_never_migrated_says_so_in_a_line(empty_store_url):
    listed = cli(empty_store_url, "list-sources")
    assert listed.returncode == 1
    assert "Traceback" not in listed.stderr
    assert "the store cannot be read (" in listed.stderr and "source_systems" in listed.stderr
    assert "python -m dashboard migrate" in listed.stderr
