#!/usr/bin/env bash
# A teacher trained elsewhere, or one of this deployment's own exported to ONNX and imported again,
# distilled into students (docs/results.md, "Imported teachers"):
#
#   deploy/bench/imported-teacher.sh RUN_DIR FILE.onnx IMPORT_QUERY
#   deploy/bench/imported-teacher.sh RUN_DIR --export MODEL_ID
#
# RUN_DIR is the folder of a deploy/local/run.sh deployment that is still up (--keep-running) and whose
# pipeline has ended. The script imports the model into its teacher-service (POST /teachers/imports/upload
# with IMPORT_QUERY, the data set and input form: "dataset=mnist&divisor=255", say); with --export, the
# model is MODEL_ID's ONNX export (GET /models/MODEL_ID/artifact?format=onnx), imported on the data set it
# was trained on, as exported. It then streams a transfer set from the imported teacher with the settings
# of the run's first planned transfer set (pipeline.json: limit, class filter) and trains that set's
# planned students on it, each with seeds 1..SEEDS (default 1), one set and its students at a time. It
# prints the imported teacher's test errors and each student's, and with --export the original's too.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
usage="usage: $0 RUN_DIR FILE.onnx IMPORT_QUERY | $0 RUN_DIR --export MODEL_ID"
[ $# -eq 3 ] || { echo "$usage" >&2; exit 2; }
run=$1
[ -f "$run/run.env" ] && [ -f "$run/pipeline.json" ] \
  || { echo "imported-teacher.sh: $run is not a run folder (no run.env or pipeline.json)" >&2; exit 2; }
port_base=$(sed -n 's/.*PORT_BASE=\([0-9]*\).*/\1/p' "$run/run.env")
teachers=http://localhost:$port_base
softtargets=http://localhost:$((port_base + 1))
students=http://localhost:$((port_base + 2))
token=
if [ -d "$run/keys" ]; then
  token=$(DISTILL_KEYS_DIR="$run/keys" "$repo/deploy/local/token.sh" distill-submit distill-read)
fi
auth=(-H "Authorization: Bearer $token")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$2" = --export ]; then
  original=$3
  curl -sf "${auth[@]}" "$teachers/models/$original" > "$work/original.json" \
    || { echo "imported-teacher.sh: no model $original at $teachers" >&2; exit 1; }
  curl -sf "${auth[@]}" -o "$work/model.onnx" "$teachers/models/$original/artifact?format=onnx"
  query="dataset=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["dataset"])' \
    "$work/original.json")"
  model=$work/model.onnx
else
  model=$2
  query=$3
  [ -f "$model" ] || { echo "imported-teacher.sh: no file $model" >&2; exit 2; }
fi

curl -s "${auth[@]}" -H 'Content-Type: application/octet-stream' --data-binary "@$model" \
  "$teachers/teachers/imports/upload?$query" > "$work/imported.json"
teacher=$(python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
if "modelId" not in m:
    sys.exit("imported-teacher.sh: the import was refused: " + json.dumps(m))
print(m["modelId"])' "$work/imported.json")

# The transfer set: the first planned set's selection, with its students once per seed.
python3 - "$run/pipeline.json" "$teacher" "${SEEDS:-1}" > "$work/transfer-set.json" <<'PY'
import json, sys
plan, teacher, seeds = json.load(open(sys.argv[1]))["plan"]["transferSets"][0], sys.argv[2], int(sys.argv[3])
request = {k: plan[k] for k in ("limit", "omitClasses", "onlyClasses", "copies", "jitter") if k in plan}
request["teacherModelIds"] = [teacher]
request["plan"] = {"students": [dict(s, seed=seed) for s in plan["students"] for seed in range(1, seeds + 1)]}
print(json.dumps(request))
PY
set_id=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d "@$work/transfer-set.json" \
  "$softtargets/transfer-sets" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

python3 - "$work" "$softtargets" "$students" "$set_id" "$token" "${original:-}" <<'PY'
import json, sys, time, urllib.error, urllib.request
work, softtargets, students, set_id, token, original = sys.argv[1:7]

def get(url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token} if token else {})
    try:
        return json.load(urllib.request.urlopen(request))
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        raise

def ended(url):
    while True:
        job = get(url)
        if job is not None and job["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return job
        time.sleep(2)

imported = json.load(open(work + "/imported.json"))
if original:
    before = json.load(open(work + "/original.json"))
    print(f"original teacher {original}: {before['metrics']['testErrors']} test errors")
print(f"imported teacher {imported['modelId']}: {imported['metrics']['testErrors']} test errors"
      f" ({imported['metrics']['validationErrors']} on validation)", flush=True)
transfer_set = ended(f"{softtargets}/transfer-sets/{set_id}")
print(f"transfer set {set_id}: {transfer_set['state']}, {transfer_set.get('count')} events", flush=True)
planned = json.load(open(work + "/transfer-set.json"))["plan"]["students"]
for i, student in enumerate(planned):
    job = ended(f"{students}/students/{set_id}-s{i}")
    label = f"{student['mode']}" + (f" T={student['temperature']}" if student["mode"] == "distill" else "")
    errors = (job.get("metrics") or {}).get("testErrors")
    print(f"student {job['id']} ({label}, seed {student['seed']}): {job['state']}, {errors} test errors",
          flush=True)
PY
