#!/bin/sh
# TODO / FIXME / HACK / XXX markers in the project's text files, as file:line: text.
scripts=$(dirname "$0")
hits=$(node "$scripts/files.mjs" -0 | xargs -0 -r grep -HnIwE 'TODO|FIXME|HACK|XXX' 2>/dev/null | cut -c1-200)
if [ -z "$hits" ]; then
  count=0
else
  count=$(printf '%s\n' "$hits" | wc -l | tr -d ' ')
fi

echo "# TODO / FIXME markers"
echo
if [ "$count" -eq 0 ]; then
  echo "No TODO, FIXME, HACK or XXX markers found."
else
  files=$(printf '%s\n' "$hits" | cut -d: -f1 | sort -u | wc -l | tr -d ' ')
  [ "$count" -eq 1 ] && m=marker || m=markers
  [ "$files" -eq 1 ] && f=file || f=files
  echo "**$count $m** in $files $f. Files with the most:"
  echo
  printf '%s\n' "$hits" | cut -d: -f1 | sort | uniq -c | sort -rn | head -10 | while read -r n f; do
    echo "- \`$f\`: $n"
  done
  echo
  echo "First 100:"
  echo
  echo '```text'
  printf '%s\n' "$hits" | head -100
  echo '```'
fi
echo
echo "<!-- repo-health {\"todos\":$count} -->"
