#!/bin/sh
# The standby of compose.cluster.yaml: the first time, a copy of the primary made with pg_basebackup -R (which writes
# standby.signal and primary_conninfo); every time, PostgreSQL as a hot standby streaming from it.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup -h postgres -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
