#!/bin/sh
# Type check with the project's own TypeScript, offline: only when tsconfig.json exists and
# TypeScript is installed in node_modules. Type errors are findings, so this always exits 0.
echo "# Type check"
echo
if [ ! -f tsconfig.json ]; then
  echo "No tsconfig.json: not a TypeScript project, type check skipped."
  echo
  echo '<!-- repo-health {"typecheck":"skipped"} -->'
  exit 0
fi
if [ ! -x node_modules/.bin/tsc ]; then
  echo "tsconfig.json found, but TypeScript is not installed (no node_modules/.bin/tsc): type check skipped. Run \`npm install\` and run this card again."
  echo
  echo '<!-- repo-health {"typecheck":"not-installed"} -->'
  exit 0
fi
out=$(node_modules/.bin/tsc --noEmit -p . 2>&1)
code=$?
errors=$(printf '%s\n' "$out" | grep -c 'error TS')
if [ "$code" -eq 0 ]; then
  echo "\`tsc --noEmit\` passed: no type errors."
else
  [ "$errors" -eq 1 ] && e=error || e=errors
  echo "\`tsc --noEmit\` reported **$errors type $e** (exit code $code). First 60 lines:"
  echo
  echo '```text'
  printf '%s\n' "$out" | head -60
  echo '```'
fi
echo
echo "<!-- repo-health {\"typecheck\":\"ran\",\"typeErrors\":$errors} -->"
