#!/usr/bin/env bash
# Sums the test counts of every jest ("Tests: 3 failed, 1 skipped, 40 passed, 44 total") and vitest
# ("Tests  718 passed (718)") summary in a log, and prints the plain closing line CI reads: "tests: N passed, N failed".
set -euo pipefail
log=$1
clean=$(sed -e 's/\x1b\[[0-9;]*m//g' "$log")
passed=0
failed=0
while IFS= read -r line; do
  p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)
  f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done < <(grep -E '^\s*Tests:?\s' <<<"$clean" || true)
echo "tests: ${passed} passed, ${failed} failed"
