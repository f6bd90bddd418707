/**
 * Two database roles on PostgreSQL: the migration role owns the schema (it runs the migrations, through
 * `MIGRATION_DATABASE_URL`), and the application role the server connects as (`DATABASE_URL`) gets only what the
 * server needs. Owning nothing, the application role cannot alter a table, disable a trigger or truncate; not a
 * superuser, it cannot set `session_replication_role`; and on `audit_log` it may only add and read rows.
 *
 * The statements are idempotent and run as the migration role (`npm run db:roles -- <role>`), after migrations:
 * tables that later migrations create are covered by the default privileges they set.
 */

/** Tables the application may only append to and read. */
export const APPEND_ONLY_TABLES = ['audit_log'] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isRoleName(name: string): boolean {
  return ROLE_NAME.test(name);
}

/** The grants of the application role, as SQL run by the migration role (the owner of the schema). */
export function applicationRoleGrants(role: string): string[] {
  if (!isRoleName(role)) throw new Error(`invalid role name: ${role}`);
  const r = `"${role}"`;
  return [
    `grant usage on schema public to ${r}`,
    `grant select, insert, update, delete on all tables in schema public to ${r}`,
    `grant usage, select on all sequences in schema public to ${r}`,
    ...APPEND_ONLY_TABLES.map((table) => `revoke update, delete, truncate, references, trigger on "${table}" from ${r}`),
    // Tables and sequences of later migrations (created by the migration role) get the same rights.
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${r}`,
    `alter default privileges in schema public grant usage, select on sequences to ${r}`,
    // The readiness probe compares the applied migrations with the release's.
    `grant usage on schema drizzle to ${r}`,
    `grant select on all tables in schema drizzle to ${r}`,
    // Only the migration role creates objects (PostgreSQL 15 revokes this from PUBLIC already; older ones do not).
    `revoke create on schema public from public`,
  ];
}
