#!/usr/bin/env bash
# Dependency audit: pip-audit over the lock (requirements/lock-dev.txt: every version the service, the tests
# and the Docker image install; AUDIT_LOCK=requirements/lock.txt audits the service's alone). It reads the
# pinned versions and hashes from the file and installs nothing.
#
#   bash scripts/audit-deps.sh                    # exit 0: no known vulnerability (or service unreachable)
#   bash scripts/audit-deps.sh --ignore-vuln GHSA-xxxx-xxxx-xxxx   # a finding reviewed in SECURITY.md
#
# pip-audit has no offline advisory database (its sources are web services: PyPI, OSV, ESMS), and none can
# be installed from a package registry, so the audit needs the network: offline it prints a WARNING line
# and passes. Asks the PyPI vulnerability service (PIP_AUDIT_SERVICES="pypi osv" adds OSV). Exit status:
# 0 clean; 0 with a WARNING when no service could be reached or none knew any installed package (an
# offline mirror: a network failure is not a finding); 1 when a dependency has a known vulnerability
# (listed); 2 when pip-audit itself fails for another reason. Extra arguments go to pip-audit.
set -uo pipefail
cd "$(dirname "$0")/.."
PIP_AUDIT="${PIP_AUDIT:-.venv/bin/pip-audit}"
PYTHON="${PYTHON:-.venv/bin/python}"
AUDIT_LOCK="${AUDIT_LOCK:-requirements/lock-dev.txt}"
if [ ! -x "$PIP_AUDIT" ]; then
  echo "audit-deps: $PIP_AUDIT not found; run: bash scripts/setup.sh dev" >&2
  exit 2
fi
report=$(mktemp) log=$(mktemp)
trap 'rm -f "$report" "$log"' EXIT
NETWORK='connection|connect|timed? ?out|temporary failure|name resolution|resolve|max retries|unreachable|network|ssl|proxy|service ?error|50[234]'

for service in ${PIP_AUDIT_SERVICES:-pypi}; do
  : >"$report"
  "$PIP_AUDIT" -r "$AUDIT_LOCK" --require-hashes --disable-pip --progress-spinner off --desc off --timeout "${PIP_AUDIT_TIMEOUT:-20}" \
    --vulnerability-service "$service" --format json --output "$report" "$@" 2>"$log"
  status=$?
  if [ ! -s "$report" ]; then
    if grep -qiE "$NETWORK" "$log"; then
      echo "audit-deps: $service: vulnerability service unreachable ($(grep -iE "$NETWORK" "$log" | tail -n 1 | cut -c1-160))" >&2
      continue
    fi
    echo "audit-deps: pip-audit failed (exit $status):" >&2
    cat "$log" >&2
    exit 2
  fi
  # pip-audit wrote its report. Verdict: vulnerable (1), clean (0), or nothing audited (3: try the next).
  "$PYTHON" - "$report" "$service" <<'PY'
import json, sys
deps = json.load(open(sys.argv[1])).get("dependencies", [])
found = [(d["name"], d.get("version"), v) for d in deps for v in d.get("vulns", [])]
audited = [d for d in deps if not d.get("skip_reason")]
for name, version, vuln in found:
    fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
    print(f"VULNERABLE {name} {version}: {vuln['id']} (fixed in: {fixes}) {' '.join(vuln.get('aliases') or [])}")
if found:
    sys.exit(1)
if not audited:
    print(f"audit-deps: {sys.argv[2]}: the service knew none of the {len(deps)} locked packages "
          "(offline mirror?)", file=sys.stderr)
    sys.exit(3)
skipped = [d["name"] for d in deps if d.get("skip_reason")]
print(f"audit-deps: {sys.argv[2]}: {len(audited)} packages audited, 0 known vulnerabilities"
      + (f"; not audited: {', '.join(skipped)}" if skipped else ""))
PY
  verdict=$?
  case "$verdict" in
    0) exit 0 ;;
    1) echo "audit-deps: FAILED: upgrade the packages above, or review them in SECURITY.md and pass" \
            "--ignore-vuln ID" >&2
       exit 1 ;;
    3) continue ;;
    *) exit 2 ;;
  esac
done
echo "audit-deps: WARNING: no vulnerability service could be reached; the locked dependencies were NOT audited" \
     "(pip-audit needs the network: run bash scripts/audit-deps.sh where PyPI's or OSV's API answers)." >&2
exit 0
