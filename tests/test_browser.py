"""A reader in headless Chromium: home page, a tag, a paper, and finding it again by search."""

from __future__ import annotations

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import Session

pytestmark = pytest.mark.browser


def wait(driver: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    return WebDriverWait(driver, 20)


def test_home_to_tag_to_paper_then_found_by_search(
    sample_browser: Session,
) -> None:
    driver, base = sample_browser
    driver.get(base)
    assert "449 papers" in driver.find_element(By.CSS_SELECTOR, "article").text

    driver.find_element(By.LINK_TEXT, "Tags").click()
    wait(driver).until(ec.url_to_be(base + "tags/"))
    driver.find_element(By.CSS_SELECTOR, "article").find_element(By.LINK_TEXT, "Surveys").click()
    wait(driver).until(ec.url_to_be(base + "tags/surveys/"))

    first_paper = driver.find_element(By.CSS_SELECTOR, "article li a")
    title = first_paper.text
    first_paper.click()
    wait(driver).until(ec.url_contains("/papers/"))
    paper_url = driver.current_url
    assert driver.find_element(By.CSS_SELECTOR, "article h1").text == title
    tag_links = driver.find_element(By.CSS_SELECTOR, "article").find_elements(
        By.LINK_TEXT, "Surveys"
    )
    assert tag_links, "the paper page links back to its tag"

    driver.get(base)
    search = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    search.click()
    search.send_keys(title)
    # The list re-renders as results stream in: click whichever element holds the result now.
    hit = (
        By.XPATH,
        f"//li[contains(@class,'md-search-result__item')]//h1[normalize-space()="
        f"{xpath_literal(title)}]",
    )
    WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: d.find_element(*hit).click() or True
    )
    # Material adds the query (`?h=…`) to highlight the terms on the page.
    wait(driver).until(ec.url_contains(paper_url + "?h="))
    assert driver.find_element(By.CSS_SELECTOR, "article h1").text == title


def test_palette_toggle_switches_to_dark(sample_browser: Session) -> None:
    driver, base = sample_browser
    driver.get(base + "about/")
    before = driver.find_element(By.TAG_NAME, "body").get_attribute("data-md-color-scheme")
    driver.find_element(
        By.CSS_SELECTOR, "form[data-md-component=palette] label:not([hidden])"
    ).click()
    after = driver.find_element(By.TAG_NAME, "body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_keyboard_search_opens_with_slash(sample_browser: Session) -> None:
    driver, base = sample_browser
    driver.get(base + "about/")
    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    active = driver.switch_to.active_element
    assert "md-search__input" in (active.get_attribute("class") or "")
    active.send_keys("honesty")
    wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item")))
    active.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    wait(driver).until(ec.url_contains("/papers/"))
    assert "Honest" in driver.find_element(By.CSS_SELECTOR, "article h1").text


def xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    return "concat('" + "', \"'\", '".join(text.split("'")) + "')"
