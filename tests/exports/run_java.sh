#!/usr/bin/env bash
# Compiles every snippet with one javac, then runs them all in one JVM (tests/exports/Runner.java).
set -euo pipefail
out=$1; shift
javac -encoding UTF-8 -d "$out/classes" "$(dirname "$0")/Runner.java" "$@"
classes=()
for file in "$@"; do classes+=("$(basename "$file" .java)"); done
java -cp "$out/classes" Runner "${classes[@]}"
