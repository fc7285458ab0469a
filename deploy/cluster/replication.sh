#!/bin/sh
# Run once by the postgres image on a new primary (/docker-entrypoint-initdb.d): lets the standby of
# compose.cluster.yaml stream from it with the database user's password.
set -eu
echo "host replication $POSTGRES_USER all scram-sha-256" >>"$PGDATA/pg_hba.conf"
