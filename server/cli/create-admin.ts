import { users } from '../../db/schema';
import { generateTemporaryPassword, hashPassword } from '../modules/auth/password';
import { passwordProblem } from '../modules/auth/password-policy';
import { recordAudit, systemActor } from '../modules/audit/audit.repo';
import { emailSchema } from '../modules/auth/auth.schemas';
import { runWithDatabase } from './cli-database';

const PASSWORD_STDIN = '--password-stdin';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Creates the first administrator of an installation:
 *   npm run create-admin -- admin@example.ru "Иванов Иван Иванович"
 * Prints a temporary password that must be changed at first sign-in. With --password-stdin the temporary password
 * is read from standard input instead (never from the command line, which the process list and history keep),
 * under the same password rule as everywhere else.
 */
const args = process.argv.slice(2);
const [emailArg, ...nameParts] = args.filter((arg) => arg !== PASSWORD_STDIN);
const email = emailSchema.safeParse(emailArg ?? '');
if (!email.success) {
  console.error(`Использование: npm run create-admin -- <e-mail> ["Фамилия Имя Отчество"] [${PASSWORD_STDIN}]`);
  process.exit(2);
}
const chosen = args.includes(PASSWORD_STDIN) ? await readStdin() : undefined;
const problem = chosen === undefined ? null : passwordProblem(chosen, email.data);
if (problem) {
  console.error(problem);
  process.exit(2);
}
const password = chosen ?? generateTemporaryPassword();

await runWithDatabase(async (database) => {
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
  console.log(
    chosen === undefined
      ? `Администратор ${email.data} создан. Временный пароль: ${password}\nСмените его при первом входе.`
      : `Администратор ${email.data} создан с паролем из стандартного ввода; при первом входе его нужно сменить.`,
  );
});
