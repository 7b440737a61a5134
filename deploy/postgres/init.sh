#!/bin/bash
# First-start initialisation of the compose `postgres` service (run once by the postgres image, on an empty volume).
# One database and one login role per service, plus Temporal's two databases; PUBLIC loses CONNECT everywhere,
# so each role reaches only its own database (the same rules `npm start` applies to the embedded cluster).
# Passwords come from <NAME>_DB_PASSWORD (docker-compose.yml passes them, with dev-only defaults).
set -euo pipefail

psql_admin() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres "$@"
}

# role_with_databases ROLE PASSWORD DB...: creates the login role and the databases it owns.
role_with_databases() {
  local role="$1" password="$2"
  shift 2
  if [ -z "$password" ]; then
    echo "init.sh: no password given for role $role" >&2
    exit 1
  fi
  psql_admin -v role="$role" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
SQL
  local db
  for db in "$@"; do
    psql_admin -v role="$role" -v db="$db" <<'SQL'
CREATE DATABASE :"db" OWNER :"role";
REVOKE CONNECT, TEMPORARY ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
  done
}

for service in orders inventory payments users products notifications; do
  var="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
  role_with_databases "$service" "${!var:-}" "$service"
done
# Temporal's role and two databases, named in deploy/temporal/temporal.env (mounted here; the names cluster mode uses)
temporal_setting() { sed -n "s/^$1=//p" /etc/durable-commerce/temporal.env; }
role_with_databases "$(temporal_setting POSTGRES_USER)" "${TEMPORAL_DB_PASSWORD:-}" \
  "$(temporal_setting DBNAME)" "$(temporal_setting VISIBILITY_DBNAME)"

psql_admin <<'SQL'
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
SQL
