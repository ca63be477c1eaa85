"""Headless Chromium (Debian's chromium and chromium-driver) driven by selenium, as a phone."""
from __future__ import annotations

import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT_S = 30  # longest wait for the page to show something; no test should need it


def phone_browser() -> webdriver.Chrome:
    """A 390x844 phone-sized headless Chromium with its own profile (its own localStorage)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=390,844", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    # A phone's viewport exactly (the window size above is the outer window's).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    return driver


def wait_for(driver, condition):
    # The page redraws its lists when the board changes: an element found a moment ago may be
    # gone, so a condition that meets a stale one is simply tried again.
    return WebDriverWait(driver, WAIT_S, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def text_at(driver, css: str) -> str:
    """The text of the element at css as the page shows it now."""
    return wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, css).text or " ").strip()


def click(driver, css: str) -> None:
    wait_for(driver, lambda d: d.find_element(By.CSS_SELECTOR, css).click() or True)


def join(driver, url: str, name: str = "") -> None:
    driver.get(url)
    wait_for(driver, seen.visibility_of_element_located((By.ID, "name"))).send_keys(name)
    driver.find_element(By.ID, "join").click()
    wait_for(driver, seen.visibility_of_element_located((By.ID, "send")))


def write(driver, where: str, text: str) -> None:
    Select(driver.find_element(By.ID, "place")).select_by_visible_text(where)
    box = driver.find_element(By.ID, "text")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "send").click()


def tab(driver, name: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f"#tabs button[data-tab='{name}']").click()


def text_of(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text
