#!/bin/sh
# Regenerates README.md from the four site files with the arguments in data-audit.args (one per line).
# tests/Vigil.Tests/DataAudit/HeartSitesReadmeTests.cs runs the same arguments and fails if README.md differs.
set -e
cd "$(dirname "$0")"
repo=../../..
dotnet build "$repo/src/Vigil.Cli" -v q -nologo >/dev/null
tr '\n' '\0' < data-audit.args | xargs -0 dotnet "$repo/src/Vigil.Cli/bin/Debug/net10.0/vigil.dll"
