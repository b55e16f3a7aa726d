"""The GitHub Actions workflows: lint clean with jactionlint and zizmor, pinned actions, least privilege, deploy only after tests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
CI = "ci.yml"
DEPLOY = "deploy.yml"
PINNED_USES = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
PINNED_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")
BAD_WORKFLOW = """\
name: Bad
on:
  pull_request_target:
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def load(name: str) -> dict:
    """A workflow parsed with PyYAML (whose YAML 1.1 reads the key `on` as True)."""
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The workflow's `on:` section."""
    return workflow.get("on", workflow.get(True))


def steps(job: dict) -> list[dict]:
    """A job's steps."""
    return job.get("steps", [])


def uses_of(job: dict) -> list[str]:
    """The `uses:` of a job's steps."""
    return [step["uses"] for step in steps(job) if "uses" in step]


def action_step(job: dict, action: str) -> dict:
    """The one step of a job that uses the given action (owner/name)."""
    found = [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}, found {len(found)}"
    return found[0]


def run_index(job: dict, command: str) -> int:
    """Position of the step whose run: is exactly the command."""
    found = [i for i, step in enumerate(steps(job)) if step.get("run", "").strip() == command]
    assert len(found) == 1, f"expected one step running {command!r}"
    return found[0]


def jactionlint(*paths: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the pinned jactionlint (actionlint's checks plus its own) without network access."""
    return subprocess.run([str(BIN / "jactionlint"), "--no-online", "--no-color", "--profile", "pedantic", *paths],
                          cwd=cwd, capture_output=True, text=True)


def zizmor(target: Path) -> subprocess.CompletedProcess:
    """Run the pinned zizmor offline, with its most demanding persona, reporting JSON."""
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--persona", "pedantic", "--format", "json", str(target)],
                          cwd=ROOT, capture_output=True, text=True)


def test_both_workflows_exist():
    """ci.yml and deploy.yml are the project's workflows."""
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == [CI, DEPLOY]


def test_workflows_pass_jactionlint_with_no_findings():
    """jactionlint reports nothing, at its pedantic profile, for the whole repository's workflows."""
    result = jactionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


def test_workflows_pass_zizmor_offline_with_no_findings():
    """zizmor, offline and pedantic, finds nothing in .github/workflows."""
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == [], result.stdout


def test_both_linters_reject_a_workflow_with_injection_and_an_unpinned_action(tmp_path):
    """The linters really run: a workflow with template injection and a tag-pinned action fails both."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    lint = jactionlint(cwd=tmp_path)
    assert lint.returncode != 0 and "github.event.pull_request.title" in lint.stdout, lint.stdout + lint.stderr
    audit = zizmor(folder)
    rules = {finding["ident"] for finding in json.loads(audit.stdout)}
    assert audit.returncode != 0
    assert {"template-injection", "unpinned-uses", "dangerous-triggers"} <= rules, rules


def test_linters_are_pinned_with_hashes_in_the_lock_file():
    """jactionlint and zizmor are installed from requirements/test.txt at exact versions, with hashes."""
    text = (ROOT / "requirements" / "test.txt").read_text(encoding="utf-8")
    for tool in ("jactionlint", "zizmor"):
        assert re.search(rf"^{tool}==\d+\.\d+\.\d+ \\\n    --hash=sha256:[0-9a-f]{{64}}", text, re.M), tool


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_every_action_is_pinned_to_a_full_commit_sha_with_a_version_comment(name):
    """Every uses: names a 40-hex commit and carries a '# vX.Y.Z' comment on the same line."""
    workflow = load(name)
    used = [ref for job in workflow["jobs"].values() for ref in uses_of(job)]
    assert used, "expected steps that use actions"
    assert [ref for ref in used if not PINNED_USES.match(ref)] == []
    lines = [line for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert len(lines) == len(used)
    assert [line for line in lines if not PINNED_LINE.match(line)] == []


def test_an_action_is_pinned_to_the_same_commit_in_both_workflows():
    """The two workflows never disagree about which commit of an action they run."""
    pins: dict[str, set[str]] = {}
    for name in (CI, DEPLOY):
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
            match = PINNED_LINE.match(line)
            if match:
                pins.setdefault(match.group(1), set()).add(match.group(2))
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}
    assert {"actions/checkout", "actions/setup-python"} <= set(pins)


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_top_level_permissions_are_empty_and_jobs_only_read_contents(name):
    """No permission by default; build jobs may only read the repository; only the deploy job writes, and only to Pages."""
    workflow = load(name)
    assert workflow["permissions"] == {}
    for job_id, job in workflow["jobs"].items():
        wanted = {"pages": "write", "id-token": "write"} if (name, job_id) == (DEPLOY, "deploy") else {"contents": "read"}
        assert job.get("permissions") == wanted, job_id


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_checkout_does_not_persist_credentials(name):
    """actions/checkout leaves no token in .git/config for later steps."""
    for job in load(name)["jobs"].values():
        if any(ref.startswith("actions/checkout@") for ref in uses_of(job)):
            assert action_step(job, "actions/checkout")["with"]["persist-credentials"] is False


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_setup_python_is_3_11_with_pip_cache_keyed_on_the_lock_file(name):
    """Python 3.11 with pip caching, keyed on the hash-locked requirements/test.txt."""
    setup = action_step(load(name)["jobs"]["test"], "actions/setup-python")["with"]
    assert str(setup["python-version"]) == "3.11"
    assert setup["cache"] == "pip"
    keyed_on = setup["cache-dependency-path"].split()
    assert {"requirements/test.txt"} <= set(keyed_on)
    assert all((ROOT / path).is_file() for path in keyed_on), keyed_on


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_test_job_builds_strictly_then_runs_every_test(name):
    """`make site` (the strict build) runs before `make test`, with Java installed and the browser path set."""
    job = load(name)["jobs"]["test"]
    assert run_index(job, "make site") < run_index(job, "make test")
    assert job["env"]["CHROMIUM_PATH"] == "/usr/bin/chromium"
    installs = " ".join(step.get("run", "") for step in steps(job))
    assert "apt-get install" in installs and "default-jre-headless" in installs


@pytest.mark.parametrize("name", [CI, DEPLOY])
def test_no_run_step_expands_an_expression(name):
    """No ${{ }} inside run: scripts, so nothing a contributor controls can be injected into a shell."""
    for job in load(name)["jobs"].values():
        for step in steps(job):
            assert "${{" not in step.get("run", ""), step


def test_ci_runs_on_pull_requests_and_keeps_the_built_site_as_an_artifact():
    """CI runs on pull_request and by hand, and uploads site/ after the tests."""
    workflow = load(CI)
    assert set(triggers(workflow)) == {"pull_request", "workflow_dispatch"}
    job = workflow["jobs"]["test"]
    upload = next(step for step in steps(job) if step.get("uses", "").startswith("actions/upload-artifact@")
                  and step["with"]["path"].rstrip("/") == "site")
    assert "if" not in upload, "the preview is kept for every run"
    assert steps(job).index(upload) > run_index(job, "make test")


def test_deploy_runs_only_on_pushes_to_main():
    """Deploy runs on push to main and on nothing else."""
    assert triggers(load(DEPLOY)) == {"push": {"branches": ["main"]}}


def test_deploy_job_needs_the_test_job_and_uploads_only_after_the_tests():
    """The site reaches Pages only from a run whose every test passed."""
    jobs = load(DEPLOY)["jobs"]
    needs = jobs["deploy"]["needs"]
    assert (needs if isinstance(needs, list) else [needs]) == ["test"]
    test_job = jobs["test"]
    upload = action_step(test_job, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert steps(test_job).index(upload) > run_index(test_job, "make test")
    assert "if" not in jobs["deploy"], "the deploy job must not override the default success() condition"


def test_deploy_job_uses_the_pages_actions_and_reports_the_url():
    """configure-pages then deploy-pages, in the github-pages environment whose URL is the deployment's."""
    deploy = load(DEPLOY)["jobs"]["deploy"]
    assert [ref.split("@")[0] for ref in uses_of(deploy)] == ["actions/configure-pages", "actions/deploy-pages"]
    assert action_step(deploy, "actions/deploy-pages")["id"] == "deployment"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}


def test_deploys_are_serialised_and_never_cancelled():
    """One concurrency group for Pages, so two deploys never run at once and a started one is never cancelled."""
    assert load(DEPLOY)["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_every_job_has_a_timeout():
    """No job can hang for the platform's six-hour default."""
    for name in (CI, DEPLOY):
        for job_id, job in load(name)["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 90, (name, job_id)


def test_pull_requests_report_what_they_change_on_the_published_site():
    """On a pull request, CI runs `make diff` against the target branch, puts the report in the job summary and keeps
    the before/after pictures and both builds as an artifact."""
    job = load(CI)["jobs"]["test"]
    assert action_step(job, "actions/checkout")["with"]["fetch-depth"] == 0
    diff = next(step for step in steps(job) if "make diff" in step.get("run", ""))
    assert 'BASE="origin/${GITHUB_BASE_REF}"' in diff["run"] and "GITHUB_STEP_SUMMARY" in diff["run"]
    assert diff["if"] == "${{ github.event_name == 'pull_request' }}"
    uploads = [step for step in steps(job) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert any(step["with"]["path"].rstrip("/") == "build/diff" for step in uploads)
    assert steps(job).index(diff) > run_index(job, "make test")


def test_dependabot_keeps_python_actions_and_npm_pins_current():
    """Dependabot watches the Python lock files, the workflows' actions and the npm packages of the browser tests."""
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("pip", "/"), ("github-actions", "/"), ("npm", "/tests/browser")} <= watched
    assert all(u["schedule"]["interval"] in ("daily", "weekly", "monthly") for u in config["updates"])
