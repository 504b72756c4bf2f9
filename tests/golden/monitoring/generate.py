#!/usr/bin/env python3
"""Synthetic sepsis-like cohorts for the monitoring tests (no real patient data).

Writes sepsis-reference.csv (the labelled reference a model is registered with) and
sepsis-period.csv (a month of predictions with event ids, times and outcome times).
Deterministic: Python's random.Random with fixed seeds; re-running rewrites identical files.
"""
import csv
import math
import random
from datetime import datetime, timedelta, timezone

SITES = ["north", "south"]
UNITS = ["ed", "ward", "icu"]
RACES = ["white", "black", "asian", "hispanic"]


def cohort(rng, n, start, days, prefix, shift=0.0):
    rows = []
    for i in range(n):
        sex = rng.choice(["F", "M"])
        age = int(min(95, max(18, rng.gauss(62, 17))))
        race = rng.choices(RACES, weights=[55, 20, 10, 15])[0]
        unit = rng.choices(UNITS, weights=[50, 35, 15])[0]
        site = rng.choice(SITES)
        # latent sepsis risk: older, icu, higher lactate / heart rate
        risk = -2.6 + 0.02 * (age - 60) + (0.8 if unit == "icu" else 0.0) + rng.gauss(0, 1.0)
        septic = rng.random() < 1 / (1 + math.exp(-risk))
        lactate = max(0.3, rng.gauss(3.4 if septic else 1.6, 0.9))
        heart_rate = max(40, rng.gauss(112 if septic else 88, 14))
        resp_rate = max(8, rng.gauss(24 if septic else 18, 4))
        temp = rng.gauss(38.4 if septic else 37.1, 0.7)
        wbc = max(0.5, rng.gauss(14.5 if septic else 8.5, 3.5))
        # the model: sees lactate, heart rate and resp rate; under-calls in the elderly (an FNR gap to find)
        z = -6.0 + 1.0 * lactate + 0.025 * heart_rate + 0.06 * resp_rate + shift - (0.6 if age >= 65 else 0.0)
        score = 1 / (1 + math.exp(-z))
        missing_lactate = rng.random() < 0.06
        t = start + timedelta(seconds=rng.randrange(days * 86400))
        onset = t + timedelta(hours=rng.uniform(1, 60)) if septic else None
        rows.append({
            "event_id": f"{prefix}-p{i:05d}",
            "encounter": f"{prefix}-enc{i:05d}",
            "patient": f"{prefix}-pat{rng.randrange(n * 2):05d}",
            "time": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "site": site,
            "unit": unit,
            "sex": sex,
            "age": age,
            "race": race,
            "lactate": "" if missing_lactate else f"{lactate:.2f}",
            "heart_rate": f"{heart_rate:.0f}",
            "resp_rate": f"{resp_rate:.0f}",
            "temp": f"{temp:.1f}",
            "wbc": f"{wbc:.1f}",
            "score": f"{score:.4f}",
            "label": 1 if septic else 0,
            "onset_time": onset.strftime("%Y-%m-%dT%H:%M:%SZ") if onset else "",
        })
    rows.sort(key=lambda r: r["time"])
    return rows


def write(path, rows, columns):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


ref = cohort(random.Random(20240601), 2000, datetime(2026, 1, 1, tzinfo=timezone.utc), 28, "ref")
write("sepsis-reference.csv", ref,
      ["encounter", "sex", "age", "race", "unit", "lactate", "heart_rate", "resp_rate", "temp", "wbc", "score", "label"])
period = cohort(random.Random(20260301), 3000, datetime(2026, 3, 1, tzinfo=timezone.utc), 30, "mar", shift=0.15)
write("sepsis-period.csv", period,
      ["event_id", "encounter", "patient", "time", "site", "unit", "sex", "age", "race",
       "lactate", "heart_rate", "resp_rate", "temp", "wbc", "score", "label", "onset_time"])
