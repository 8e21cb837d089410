"""The API's browsable document in real Chromium: drawn from the server's own files alone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import foreign, requested_urls
from tests.browser.test_wall import wait_for

pytestmark = pytest.mark.browser


def test_the_api_docs_page_draws_every_operation_from_the_servers_own_files(server, browser):
    browser.get(f"{server.url}/api/v1/docs/")
    operations = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".opblock"), 30)
    paths = {operation.find_element(By.CSS_SELECTOR, ".opblock-summary-path").text
             for operation in operations}
    assert {"/api/v1/incidents", "/api/v1/catalog"} <= {path.replace("\u200b", "")
                                                        for path in paths}
    assert foreign(requested_urls(browser), server.url) == []
