"""Follows one teacher job to its end and prints its per-epoch training rates (the first epoch,
a warm-up, left out), as the job reports them after each epoch.

    python3 epoch-rates.py PORT JOB_ID LABEL
"""
import json
import sys
import time
import urllib.request

port, job, label = sys.argv[1], sys.argv[2], sys.argv[3]
seen = {}
while True:
    j = json.load(urllib.request.urlopen(f"http://localhost:{port}/teachers/{job}"))
    if j["epoch"] and j["epoch"] not in seen and j["trainLoss"] is not None:
        seen[j["epoch"]] = j["examplesPerSecond"]
    if j["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
        break
    time.sleep(0.5)
rates = [seen[e] for e in sorted(seen) if e > 1]
mean = sum(rates) / len(rates) if rates else float("nan")
# trainSeconds is the whole fit, between-epoch work (validation, checkpoint save and upload) included.
total = j.get("metrics", {}).get("trainSeconds")
print(f"{label}  {mean:8.0f} ex/s  epochs {[round(r) for r in rates]}  fit {total} s  ({j['state']})")
