"""docs/openapi.yaml lints clean with an OpenAPI linter (Redocly CLI), and a real server
on a demo shop answers every endpoint, parameter variant and error case exactly as the
spec says (tools/openapi/validate.mjs). Skipped only when Node.js is not installed."""
import os
import shutil
import subprocess
import sys

from harness import BIN, Shop, check, main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools", "openapi")
SPEC = os.path.join(ROOT, "docs", "openapi.yaml")
ENV = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true",
           NO_COLOR="1", FORCE_COLOR="0")

if shutil.which("node") is None:
    print("SKIP test_openapi: node is not installed (Debian: nodejs npm)")
    print("0 passed, 0 failed")
    sys.exit(0)

SHOP = Shop()
READ_KEY = SHOP.cli("keys", "create", "--client", SHOP.client, "--role", "read").stdout \
    .strip().splitlines()[-1]


def run(args, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=TOOLS, env=ENV, capture_output=True, text=True, timeout=timeout)


def tools_installed() -> None:
    """npm ci when node_modules is missing or older than the lockfile (as install-deps)."""
    stamp = os.path.join(TOOLS, "node_modules", ".package-lock.json")
    lock = os.path.join(TOOLS, "package-lock.json")
    if os.path.exists(stamp) and os.path.getmtime(stamp) >= os.path.getmtime(lock):
        return
    p = run(["npm", "ci", "--no-audit", "--no-fund"])
    check(p.returncode == 0, "npm ci in tools/openapi failed:\n%s%s" % (p.stdout, p.stderr))


def spec_lints_clean() -> None:
    p = run([os.path.join(TOOLS, "node_modules", ".bin", "redocly"), "lint", "--config",
             os.path.join(TOOLS, "redocly.yaml"), "--format", "stylish", SPEC])
    # Without the framed notices (e.g. Redocly's Node.js deprecation banner).
    lines = [l for l in (p.stdout + p.stderr).splitlines()
             if l.strip() and not any(c in l for c in "║╔╚")]
    print("\n".join("   " + l for l in lines))
    check(p.returncode == 0, "redocly lint exited %d" % p.returncode)
    check(not any("warning" in l.lower() for l in lines), "redocly lint reported warnings")


def responses_match_spec() -> None:
    base = "http://127.0.0.1:%d" % SHOP.port
    p = run(["node", os.path.join(TOOLS, "validate.mjs"), base, SHOP.key, READ_KEY, "--write"])
    lines = p.stdout.splitlines()
    # Every failure with its reasons, and the closing count.
    shown, keep = [], False
    for line in lines:
        if line.startswith("FAIL"):
            keep = True
        elif line.startswith("PASS"):
            keep = False
        if keep or line == lines[-1]:
            shown.append("   " + line)
    print("\n".join(shown) or p.stderr)
    check(p.returncode == 0, "validate.mjs exited %d: %s" % (p.returncode, lines[-1] if lines else p.stderr))


if __name__ == "__main__":
    demo = os.path.join(SHOP.tmp, "demo.jsonl")
    subprocess.run([BIN, "demo-data", "--orders", "1500", "--seed", "11", "--out", demo],
                   check=True, capture_output=True, timeout=120)
    SHOP.cli("import", demo, "--client", SHOP.client)
    # The validator sends unknown keys on purpose, for their 401s: no throttle in the way.
    SHOP.start("--auth-failures", "1000")
    try:
        main([tools_installed, spec_lints_clean, responses_match_spec])
    finally:
        SHOP.stop()
