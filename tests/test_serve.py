"""``preuve serve`` in a real browser (Debian's chromium and chromium-driver), and its server alone.

The browser opens the index, the records are edited, and the page reloads by itself with the new
fact; then a bad edit lays its errors over the last good version, and fixing it reloads again.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import sample
from sample import FUNDED

PREUVE = [sys.executable, "-m", "preuve.cli"]
OLD_TITLE = "fondamentaux et vigilance"
NEW_TITLE = "fondamentaux revus et corrigés"


class Served:
    """A ``preuve serve`` process; its terminal output is collected line by line."""

    def __init__(self, root: Path, preexec=sample.ctrl_c_as_at_a_terminal):
        self.process = subprocess.Popen([*PREUVE, "serve", "--project", str(root), "--port", "0"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "PYTHONFAULTHANDLER": "1"}, preexec_fn=preexec)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        url = self.wait_for("serving ")
        self.url = url.split(" at ", 1)[1].split(" ", 1)[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if text in line:
                    return line
            assert self.process.poll() is None, "\n".join(self.lines)
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.lines))

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # where every thread is stuck (faulthandler), then fail
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(timeout=30)
            time.sleep(0.5)
            raise AssertionError(f"preuve serve did not stop on {signal.Signals(signum).name}:\n" + "\n".join(self.lines)) from None


@pytest.fixture
def served(make_project) -> Iterator[tuple[Path, Served]]:
    root = make_project(commit=True)
    server = Served(root)
    try:
        yield root, server
    finally:
        if server.process.poll() is None:
            server.stop()


@pytest.fixture
def browser(tmp_path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        yield driver
    finally:
        driver.quit()


def test_an_edit_reloads_the_open_page_and_a_bad_edit_shows_its_errors_over_the_last_good_version(
        served, browser):
    root, server = served
    server.wait_for("built output/")
    browser.get(server.url)
    assert OLD_TITLE in browser.find_element(By.TAG_NAME, "body").text
    browser.execute_script("window.notReloaded = true;")

    session = root / FUNDED / "session.md"
    mark = len(server.lines)
    session.write_text(session.read_text().replace(OLD_TITLE, NEW_TITLE))
    # The page may reload between finding its body and reading it: a stale body is read again.
    WebDriverWait(browser, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: NEW_TITLE in b.find_element(By.TAG_NAME, "body").text)
    assert browser.execute_script("return window.notReloaded === undefined;"), "the page was reloaded"
    assert "built draft output/" in server.wait_for("built draft output/", mark)
    assert "BROUILLON" in browser.find_element(By.TAG_NAME, "body").text  # the draft says so

    people = root / "data" / "people.yml"
    good = people.read_text()
    mark = len(server.lines)
    people.write_text(good.replace("role: analyst", "role: astronaut", 1))
    overlay = WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.ID, "preuve-error"))[0]
    error = "data/people.yml:15: role: unknown role 'astronaut' (not in data/roles.yml)"
    assert error in overlay.text
    assert "The build failed: the last good version is shown below" in overlay.text
    assert NEW_TITLE in browser.find_element(By.TAG_NAME, "body").text  # still the last good version
    assert any(error in line for line in server.lines[mark:])  # the terminal says it too
    server.wait_for("build failed: the records have errors: nothing was built", mark)

    browser.execute_script("window.notReloaded = true;")
    people.write_text(good)
    WebDriverWait(browser, 60).until(lambda b: b.execute_script("return window.notReloaded === undefined;"))
    assert not browser.find_elements(By.ID, "preuve-error")

    # The script is added to what is served, never to the files.
    assert "__preuve__" in browser.page_source
    assert "__preuve__" not in (root / "output" / "draft" / "index.html").read_text()
    assert server.stop() == 0


def request(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_the_server_shows_only_the_version_and_only_to_this_machine(served):
    root, server = served
    server.wait_for("built output/")
    port = server.port
    status, headers, body = request(port, "/")
    assert status == 200 and b'<script src="/__preuve__/live.js">' in body
    assert headers["cache-control"] == "no-store"
    # A page elsewhere that rebinds its domain name to 127.0.0.1 gets nothing.
    assert request(port, "/", host=f"evil.example:{port}")[0] == 421
    for path in ("/../manifest.json", "/%2e%2e/%2e%2e/preuve.yml", "/.lock", "/sessions/../../output"):
        assert request(port, path)[0] == 404, path
    status, headers, body = request(port, "/manifest.json")
    assert status == 200 and headers["content-type"].startswith("application/json")
    # The records' own files are shown as they are and run nothing.
    status, headers, _ = request(port, f"/sessions/{FUNDED.rsplit('/', 1)[1]}/evidence/satisfaction.csv")
    assert status == 200 and headers["content-security-policy"] == "sandbox"
    assert server.stop() == 0


def test_a_port_in_use_is_refused_with_a_message(served):
    root, server = served
    done = subprocess.run([*PREUVE, "serve", "--project", str(root), "--port", str(server.port)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"port {server.port} is in use (another preuve serve?): choose another with --port" in done.stderr


def test_serve_listens_on_127_0_0_1_only(served):
    _, server = served
    [listening] = [line for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                   if line.split()[1].endswith(f":{server.port:04X}") and line.split()[3] == "0A"]
    assert listening.split()[1] == f"0100007F:{server.port:04X}"


def blocked_signals(task: Path) -> int:
    """The signal mask of one thread (``/proc/PID/task/TID/status``), as a bit set."""
    [line] = [line for line in (task / "status").read_text().splitlines() if line.startswith("SigBlk:")]
    return int(line.split()[1], 16)


def test_only_the_main_thread_takes_ctrl_c(served):
    """Every other thread (the server's, the file watchers', the pools') blocks SIGINT and SIGTERM,
    so they reach the main thread, which holds them back while it forks (``interrupts.py``)."""
    _, server = served
    server.wait_for("built output/")
    pid = server.process.pid
    ctrl_c = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))
    masks = {int(task.name): blocked_signals(task) for task in Path(f"/proc/{pid}/task").iterdir()}
    assert len(masks) > 3  # the server, the file watchers and the worker pool's threads are running
    assert masks.pop(pid) & ctrl_c == 0
    assert {tid: mask & ctrl_c for tid, mask in masks.items()} == {tid: ctrl_c for tid in masks}
    assert server.stop() == 0


def test_sigterm_stops_serve_as_ctrl_c_does(served):
    """``kill`` or a service manager: the same clean stop as Ctrl-C, no traceback."""
    _, server = served
    server.wait_for("built output/")
    assert server.stop(signal.SIGTERM) == 0
    assert not [line for line in server.lines if "Traceback" in line]


def test_serve_started_ignoring_ctrl_c_keeps_it_ignored_and_stops_on_sigterm(make_project):
    """Started with SIGINT ignored (``nohup``, ``preuve serve &`` without job control), serve
    leaves it so, as Python does: a Ctrl-C meant for the foreground does not stop it; SIGTERM does."""
    server = Served(make_project(commit=True), preexec=sample.ctrl_c_ignored)
    server.wait_for("built output/")
    server.process.send_signal(signal.SIGINT)
    time.sleep(1.5)
    assert server.process.poll() is None
    assert server.stop(signal.SIGTERM) == 0


# The server alone, in this process, on a version folder made here: fast, and no build needed.

@pytest.fixture
def live(tmp_path) -> Iterator[tuple[object, Path]]:
    from preuve.serve.server import LiveServer, State

    folder = tmp_path / "version"
    for name in ("sessions/s1", "cœur"):
        (folder / name).mkdir(parents=True)
    (folder / "index.html").write_text("<html><body><p>index</p></body></html>")
    (folder / "big.pdf").write_bytes(b"%PDF-" + b"x" * 8_000_000)
    state = State()
    state.built(folder, None)
    server = LiveServer(0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, folder
    finally:
        server.shutdown()
        server.server_close()


def test_a_name_too_long_for_the_file_system_is_not_in_the_version(live, capfd):
    server, _ = live
    port = server.server_address[1]
    assert request(port, "/" + "a" * 300)[0] == 404
    assert request(port, "/a" * 3000)[0] == 404
    assert "Traceback" not in capfd.readouterr().err


def test_a_folder_is_redirected_to_itself_on_this_server_only(live):
    server, _ = live
    port = server.server_address[1]
    status, headers, _ = request(port, "/%2Fsessions")  # never `Location: //sessions/`, another host
    assert (status, headers["location"]) == (301, "/sessions/")
    status, headers, _ = request(port, "/c%C5%93ur")  # a name beyond Latin-1 is quoted, not a traceback
    assert (status, headers["location"]) == (301, "/c%C5%93ur/")


def test_a_browser_that_stops_reading_leaves_no_traceback_in_the_terminal(live, capfd):
    """A PDF viewer cancels its request, a page is closed while a document loads."""
    import socket
    import struct

    server, _ = live
    port = server.server_address[1]
    for _ in range(5):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(f"GET /big.pdf HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        client.recv(1024)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, as a tab closed
        client.close()
    time.sleep(1)
    assert request(port, "/")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def read_event(port: int, query: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", f"/__preuve__/events?{query}")
    response = connection.getresponse()
    assert response.status == 200
    return response.fp.readline() + response.fp.readline()


def test_a_page_left_open_across_a_restart_of_serve_reloads_at_once(live):
    """Its build number is the earlier serve's: the new one, counting afresh, says at once that
    there is a new build instead of waiting to count past it."""
    server, _ = live
    port = server.server_address[1]
    _, _, page = request(port, "/")
    assert f'"server": "{server.state.server}"'.encode() in page
    event = read_event(port, "generation=7&server=an-earlier-serve")
    assert event.startswith(b"event: build\ndata: ") and b'"generation": 1' in event


def test_head_of_the_event_stream_is_its_headers_only(live):
    import socket

    server, _ = live
    port = server.server_address[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    client.sendall(f"HEAD /__preuve__/events?generation=0 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while chunk := client.recv(4096):  # the server closes the connection after the headers
        received += chunk
    client.close()
    assert received.startswith(b"HTTP/1.1 200 ") and received.endswith(b"\r\n\r\n")
