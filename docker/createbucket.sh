#!/bin/sh
# One-off (the compose `createbucket` service): the private bucket for pictures, and an
# account for the app that may read, write and delete in that bucket and nothing else.
# Safe to run again: every step leaves things as they are if they are already done.
set -eu

if [ "$STORAGE_BACKEND" != "s3" ] || [ "$ENDPOINT" != "http://minio:9000" ]; then
    echo "Pictures are not kept in this stack's MinIO: nothing to do."
    exit 0
fi
if [ -z "$APP_ACCESS_KEY" ] || [ "${#APP_SECRET_KEY}" -lt 8 ]; then
    echo "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (8 characters or more) in .env." >&2
    exit 1
fi

mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "local/$BUCKET"
# Private: pictures reach browsers only through the app's permission-checked view.
mc anonymous set none "local/$BUCKET"

policy="${TMPDIR:-/tmp}/edu4all-policy.json"
cat >"$policy" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
      "Resource": ["arn:aws:s3:::$BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      "Resource": ["arn:aws:s3:::$BUCKET/*"]
    }
  ]
}
POLICY
mc admin policy create local edu4all-app "$policy"
# Also updates the secret key when .env changed it.
mc admin user add local "$APP_ACCESS_KEY" "$APP_SECRET_KEY"
# MinIO refuses to attach a policy twice, so attach only when it is not attached yet.
if ! mc admin user info local "$APP_ACCESS_KEY" | grep -q "edu4all-app"; then
    mc admin policy attach local edu4all-app --user "$APP_ACCESS_KEY"
fi
echo "Bucket $BUCKET is ready (private)."
