#!/bin/sh
# Submits one cove job as an AWS Batch array job of SHARDS children (each runs
# `cove run --shard auto`: index and count from AWS_BATCH_JOB_ARRAY_INDEX and
# AWS_BATCH_JOB_ARRAY_SIZE), then the merge job, which starts when every child has succeeded.
# Each child uploads its journal to $SHARD_PREFIX/shard-INDEX.ndjson; the merge writes
# all.ndjson and report.html next to them. Register job-definition.json and
# merge-job-definition.json first (aws batch register-job-definition --cli-input-json file://…).
set -eu
SHARDS=${SHARDS:-8}          # 2…10,000 (an array job has at least 2 children)
QUEUE=${QUEUE:-cove}
SHARD_PREFIX=${SHARD_PREFIX:-s3://my-cove-bucket/runs/$(date -u +%Y%m%dT%H%M%SZ)}
overrides="environment=[{name=SHARD_PREFIX,value=$SHARD_PREFIX}]"
array=$(aws batch submit-job --job-name cove-audit --job-queue "$QUEUE" \
  --job-definition cove-audit-shard --array-properties size="$SHARDS" \
  --container-overrides "$overrides" --query jobId --output text)
aws batch submit-job --job-name cove-audit-merge --job-queue "$QUEUE" \
  --job-definition cove-audit-merge --depends-on jobId="$array" \
  --container-overrides "$overrides" --query jobId --output text
echo "shards and merge submitted: $SHARD_PREFIX"
