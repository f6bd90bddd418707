import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../db/client';
import { trustProxyOption, type AppConfig } from './config';
import { serializeError } from './lib/log-errors';
import { loadAccessKeys } from './modules/access/access-keys';
import { useRussianZodMessages } from './lib/zod-russian';
import auditRoutes from './modules/audit/audit.routes';
import { createAuditService } from './modules/audit/audit.service';
import authRoutes from './modules/auth/auth.routes';
import { createAuthService } from './modules/auth/auth.service';
import backupRoutes from './modules/backup/backup.routes';
import { createBackupService, loadBackupSigningKey } from './modules/backup/backup.service';
import campaignsRoutes from './modules/campaigns/campaigns.routes';
import { createCampaignsService } from './modules/campaigns/campaigns.service';
import { createDefinitionCache } from './modules/campaigns/definition-cache';
import { createMailer } from './lib/mailer';
import { createJobPoller, type JobPoller } from './modules/jobs/job-poller';
import remindersRoutes from './modules/reminders/reminders.routes';
import { createRemindersService } from './modules/reminders/reminders.service';
import { REMINDER_JOB } from './modules/reminders/reminders.repo';
import { createDirectoryImportService } from './modules/directory/directory-import.service';
import directoryRoutes from './modules/directory/directory.routes';
import { createDirectoryService } from './modules/directory/directory.service';
import healthRoutes from './modules/health/health.routes';
import metricsPlugin from './modules/health/metrics';
import methodologyRoutes from './modules/methodology/methodology.routes';
import { createMethodologyService } from './modules/methodology/versions.service';
import municipalFormsRoutes from './modules/municipal-forms/municipal-forms.routes';
import { createMunicipalFormsService } from './modules/municipal-forms/municipal-forms.service';
import progressRoutes from './modules/progress/progress.routes';
import { createProgressService } from './modules/progress/progress.service';
import regionsRoutes from './modules/regions/regions.routes';
import { createRegionsService } from './modules/regions/regions.service';
import respondentRoutes from './modules/respondent/respondent.routes';
import resultsRoutes from './modules/results/results.routes';
import { createResultsServices } from './modules/results/results-services';
import whatIfRoutes from './modules/results/what-if.routes';
import { createWhatIfService } from './modules/results/what-if.service';
import { createRespondentService } from './modules/respondent/respondent.service';
import usersRoutes from './modules/users/users.routes';
import { createUsersService } from './modules/users/users.service';
import authPlugin from './plugins/auth';
import boundaryPlugin from './plugins/boundary';
import clientPlugin from './plugins/client';
import dbPlugin from './plugins/db';
import errorsPlugin, { frameworkErrorHandler } from './plugins/errors';
import openapiPlugin from './plugins/openapi';
import securityPlugin from './plugins/security';

/** JSON bodies are small; file uploads raise this per route. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's background job poller; tests run a pass with `tick()`. */
    jobs: JobPoller;
  }
}

/** Access codes can arrive in a link (/anketa/k/<code>); they must never reach the logs. */
export function redactUrl(url: string): string {
  return url.replace(/(\/anketa\/k\/)[^/?#]+/i, '$1[скрыто]');
}

function serializeRequest(request: FastifyRequest) {
  return { method: request.method, url: redactUrl(request.url), host: request.host, remoteAddress: request.ip };
}

export interface BuildOptions {
  /** Where the JSON log goes (stdout by default); tests read it to prove what never gets logged. */
  logStream?: NodeJS.WritableStream;
}

export async function buildApp(config: AppConfig, database: DatabaseHandle, options: BuildOptions = {}): Promise<FastifyInstance> {
  useRussianZodMessages();
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: { req: serializeRequest, err: serializeError },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // Old rural links are slow: allow a minute for a request to arrive, but not forever.
    requestTimeout: 60_000,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Closing (SIGTERM) refuses new requests with 503 and answers those in flight, each on a connection that then
  // closes: a kept-alive one would hold server.close() for the keep-alive timeout (72 s) after its answer.
  let draining = false;
  app.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
  // The API speaks JSON (and raw files on the import routes); plain-text bodies are refused with 415.
  app.removeContentTypeParser('text/plain');

  await app.register(errorsPlugin);
  await app.register(boundaryPlugin);
  await app.register(dbPlugin, { database });
  await app.register(securityPlugin);
  // Slow rural links: every JSON answer over 1 KB is compressed (fast settings; static files come precompressed).
  await app.register(compress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(authPlugin, {
    jwtSecret: config.jwtSecret,
    sessionTtlHours: config.sessionTtlHours,
    cookieSecure: config.cookieSecure,
  });
  // After the access checks (its route needs a policy), before every other route (its hook times them all).
  // After the OpenAPI plugin, which documents only the routes registered after it.
  await app.register(openapiPlugin);
  if (config.metrics) await app.register(metricsPlugin);

  // The composition root: every service is built here from its dependencies; route plugins parse, authorise, call.
  const db = database.db;
  const auth = createAuthService({
    db,
    sessionTtlHours: config.sessionTtlHours,
    signToken: (payload, expiresIn) => app.jwt.sign(payload, { expiresIn }),
  });
  await app.register(healthRoutes);
  await app.register(authRoutes, { auth });
  await app.register(usersRoutes, { users: createUsersService({ db }) });
  await app.register(auditRoutes, { audit: createAuditService({ db }) });
  await app.register(regionsRoutes, { regions: createRegionsService({ db }) });
  await app.register(directoryRoutes, {
    directory: createDirectoryService({ db }),
    directoryImport: createDirectoryImportService({ db }),
  });
  const methodologies = createMethodologyService({ db });
  await app.register(methodologyRoutes, { methodologies });

  // Shared by every instance through the database: the keys of access-code hashes and ciphertexts.
  const { codePepper, codeCipher } = await loadAccessKeys(db, {
    encryptionKey: config.codeEncryptionKey,
    previousEncryptionKeys: config.previousCodeEncryptionKeys,
  });
  const definitions = createDefinitionCache(db);
  const campaigns = createCampaignsService({ db, codePepper, codeCipher, methodologies });
  await app.register(campaignsRoutes, { campaigns, publicUrl: config.publicUrl });
  const progress = createProgressService({ db, campaigns, definitions });
  await app.register(progressRoutes, { progress, campaigns });
  await app.register(municipalFormsRoutes, { municipalForms: createMunicipalFormsService({ db, definitions }) });
  await app.register(respondentRoutes, { respondent: createRespondentService({ db, codePepper, definitions }) });
  const results = createResultsServices({ db, definitions, campaigns });
  await app.register(resultsRoutes, results);
  await app.register(whatIfRoutes, { whatIf: createWhatIfService({ db, reading: results.reading, methodologies }) });
  await app.register(backupRoutes, {
    backup: createBackupService({ db, signingKey: await loadBackupSigningKey(db), maxRows: config.restoreMaxRows }),
    campaigns,
  });

  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const reminders = createRemindersService({ db, campaigns, definitions, mailer, publicUrl: config.publicUrl });
  await app.register(remindersRoutes, { reminders });
  // Every instance polls; the jobs table decides which one runs each job.
  const jobs = createJobPoller({
    db,
    schedulers: [reminders.enqueueDue, progress.foldPending],
    handlers: { [REMINDER_JOB]: (payload) => reminders.runReminderJob(payload) },
    log: app.log,
  });
  app.decorate('jobs', jobs);
  if (config.jobPollIntervalMs) jobs.start(config.jobPollIntervalMs);
  app.addHook('onClose', async () => {
    await jobs.stop();
    mailer?.close();
  });

  await app.register(clientPlugin, { distDir: config.clientDistDir });
  return app;
}
