import { z } from 'zod';

const municipalityIdList = z.array(z.number().int().positive().max(2_147_483_647)).min(1, 'Выберите хотя бы один муниципалитет').max(5000);
const onlyThese = 'Только эти муниципалитеты; без списка — все муниципалитеты кампании, где что-то не отправлено';

export const reminderPreviewQuerySchema = z.object({
  municipalityIds: z
    .string()
    .regex(/^\d{1,10}(,\d{1,10})*$/, 'Ожидаются номера муниципалитетов через запятую')
    .transform((value) => value.split(',').map(Number))
    .pipe(municipalityIdList)
    .optional()
    .describe(`${onlyThese} (номера через запятую)`),
});

export const sendRemindersBodySchema = z.object({ municipalityIds: municipalityIdList.optional().describe(onlyThese) });

/** One message to one municipal coordinator, exactly as it is (or would be) sent. */
export const reminderMessageSchema = z.object({
  municipalityId: z.number().int(),
  municipalityName: z.string(),
  to: z.string(),
  recipientName: z.string(),
  subject: z.string(),
  text: z.string(),
  /** The same message for the coordinator's own mail program. */
  mailto: z.string(),
});
export type ReminderMessage = z.infer<typeof reminderMessageSchema>;

export const REMINDER_SKIP_REASONS = ['complete', 'closed', 'no_coordinator'] as const;

/** A chosen municipality nobody is written to, and why. */
export const reminderSkipSchema = z.object({
  municipalityId: z.number().int(),
  municipalityName: z.string(),
  reason: z.enum(REMINDER_SKIP_REASONS),
  note: z.string(),
});
export type ReminderSkip = z.infer<typeof reminderSkipSchema>;

export const reminderScheduleSchema = z.object({
  campaignId: z.number().int(),
  /** Automatic reminders this many days before each district's deadline; null: off. */
  daysBefore: z.number().int().nullable(),
});
export type ReminderSchedule = z.infer<typeof reminderScheduleSchema>;

export const reminderPreviewSchema = z.object({
  campaignId: z.number().int(),
  /** False: the server has no SMTP_URL, messages can only be copied or opened in a mail program. */
  smtpConfigured: z.boolean(),
  from: z.string().nullable(),
  schedule: reminderScheduleSchema,
  messages: z.array(reminderMessageSchema),
  skipped: z.array(reminderSkipSchema),
});
export type ReminderPreview = z.infer<typeof reminderPreviewSchema>;

const recipient = { municipalityId: z.number().int(), to: z.string() };
export const sendRemindersResponseSchema = z.object({
  sent: z.array(z.object(recipient)),
  failed: z.array(z.object({ ...recipient, error: z.string() })),
  skipped: z.array(reminderSkipSchema),
});
export type SendRemindersResult = z.infer<typeof sendRemindersResponseSchema>;

export const reminderScheduleBodySchema = z.object({
  daysBefore: z
    .number({ message: 'Укажите число дней или null, чтобы отключить' })
    .int('Число дней — целое')
    .min(1, 'Не меньше чем за 1 день')
    .max(60, 'Не больше чем за 60 дней')
    .nullable(),
});
