#!/usr/bin/env bash
# The sepsis-monitoring example by hand, against a service on real time (docs/simulation.md, docs/service.md).
# `vigil demo sepsis-monitoring` does the same in one process with a simulated clock, evaluating every 6 simulated hours;
# here the run is placed so that it ends at the current hour and the service evaluates it as it is now.
set -euo pipefail
export VIGIL_PSEUDONYM_KEY=$(openssl rand -base64 32)
export VIGIL_BOOTSTRAP_ADMIN_KEY=vgl_$(openssl rand -hex 16)
store=$(mktemp -d)/vigil.db
vigil serve --store "sqlite:$store" --urls http://127.0.0.1:5088 &
server=$!
trap 'kill $server' EXIT
sleep 3
# The example: 30 days × 1,500 encounters, FNR of patients 65+ doubled from day 10, registration from a 60-day reference.
vigil simulate sepsis --days 30 --encounters-per-day 1500 --seed 1 --reference-days 60 \
    --inject fnr-rise:group=age:65+,from-day=10,factor=2 \
    --target http://127.0.0.1:5088 --api-key "$VIGIL_BOOTSTRAP_ADMIN_KEY"
curl -s -X POST -H "X-Api-Key: $VIGIL_BOOTSTRAP_ADMIN_KEY" http://127.0.0.1:5088/v1/evaluate
VIGIL_API_KEY=$VIGIL_BOOTSTRAP_ADMIN_KEY vigil monitor status --url http://127.0.0.1:5088 --model-id sepsis-early-warning
echo "dashboard: http://127.0.0.1:5088/dashboard/ (key: $VIGIL_BOOTSTRAP_ADMIN_KEY); Ctrl+C stops"
wait $server
