import { openDatabase } from '../../db/client';
import { users } from '../../db/schema';
import { ConfigError, loadConfig } from '../config';
import { generateTemporaryPassword, hashPassword } from '../modules/auth/password';
import { recordAudit, systemActor } from '../modules/audit/audit.repo';
import { emailSchema } from '../modules/auth/auth.schemas';

/**
 * Creates the first administrator of an installation:
 *   npm run create-admin -- admin@example.ru "Иванов Иван Иванович"
 * Prints a temporary password that must be changed at first sign-in.
 */
async function main() {
  const [emailArg, ...nameParts] = process.argv.slice(2);
  const email = emailSchema.safeParse(emailArg ?? '');
  if (!email.success) {
    console.error('Использование: npm run create-admin -- <e-mail> ["Фамилия Имя Отчество"]');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const database = await openDatabase(config.database);
  try {
    await database.migrate();
    const password = generateTemporaryPassword();
    const created = await database.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({
          email: email.data,
          fullName: nameParts.join(' ').trim() || 'Администратор',
          role: 'admin',
          passwordHash: await hashPassword(password),
          passwordChangeRequired: true,
        })
        .onConflictDoNothing({ target: users.email })
        .returning({ id: users.id });
      if (row)
        await recordAudit(tx, systemActor, {
          action: 'user.created',
          entityType: 'user',
          entityId: row.id,
          after: { email: email.data, role: 'admin' },
        });
      return row;
    });
    if (!created) {
      console.error(`Пользователь ${email.data} уже существует.`);
      process.exitCode = 1;
      return;
    }
    console.log(`Администратор ${email.data} создан. Временный пароль: ${password}\nСмените его при первом входе.`);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
