import postgres from 'postgres';
import { openDatabase } from '../../db/client';
import { applicationRoleGrants, isRoleName } from '../../db/roles';
import { ConfigError, loadConfig } from '../config';

/**
 * Gives the application role exactly the rights the server needs, as the migration role (the schema owner):
 *   MIGRATION_DATABASE_URL=postgres://muko_owner@… DATABASE_URL=postgres://muko_app@… npm run db:roles -- muko_app
 * Migrates first; idempotent, so it is simply run again after every release.
 */
const [role, ...extra] = process.argv.slice(2);
if (!role || extra.length || !isRoleName(role)) {
  console.error('Использование: npm run db:roles -- <роль приложения> (строчные латинские буквы, цифры и «_»)');
  process.exit(2);
}

try {
  const config = loadConfig(process.env);
  if (config.database.kind !== 'postgres')
    throw new ConfigError('Роли настраиваются только на сервере PostgreSQL (DATABASE_URL); встроенная база работает с одной ролью.');
  const ownerUrl = config.database.migrationUrl ?? config.database.url;
  const database = await openDatabase({ kind: 'postgres', url: ownerUrl, maxConnections: 1 });
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [me] = await owner<{ name: string }[]>`select current_user as name`;
    const [target] = await owner<{ superuser: boolean }[]>`select rolsuper as superuser from pg_roles where rolname = ${role}`;
    if (!target) throw new ConfigError(`Роли ${role} нет: создайте её (create role ${role} login password '…') и повторите.`);
    if (target.superuser) throw new ConfigError(`Роль ${role} — суперпользователь: ей ничего нельзя запретить. Нужна обычная роль.`);
    if (me!.name === role)
      throw new ConfigError(`Роль ${role} владеет схемой: для миграций нужна другая роль (MIGRATION_DATABASE_URL), приложению — своя.`);
    await owner.begin(async (tx) => {
      for (const statement of applicationRoleGrants(role)) await tx.unsafe(statement);
    });
    console.log(
      `Роль ${role}: чтение и запись таблиц платформы, в audit_log — только добавление и чтение; владелец схемы и миграций — ${me!.name}.`,
    );
  } finally {
    await owner.end();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
