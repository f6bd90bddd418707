import type { FastifyInstance } from 'fastify';

// Uploaded files (XLSX, CSV) arrive as the raw request body, not as multipart: a plugin that has upload routes
// accepts these content types as a Buffer, up to its own limit.

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Scoped to the calling plugin: only its routes accept raw file bodies. */
export function acceptFileBodies(app: FastifyInstance, contentTypes: readonly string[], bodyLimit: number): void {
  app.addContentTypeParser([...contentTypes], { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}
