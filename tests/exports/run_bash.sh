#!/usr/bin/env bash
# Runs each snippet in a subshell of this one bash, stderr into stdout, a '### n' line before each.
i=0
for file in "$@"; do
  echo "### $i"
  ( source "$file" ) 2>&1
  i=$((i + 1))
done
