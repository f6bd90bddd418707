import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

export type UnpackedZip = { status: 'ok'; files: Map<string, Buffer> } | { status: 'corrupt' } | { status: 'too-large' };

export const isZip = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The central directory, found from the end of the file as other readers find it; null when it is missing or broken. */
function centralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let end = bytes.length - 22; end >= earliest; end--) {
    if (view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    // ZIP64 markers: never needed for a 10 MB upload, so treated as damage.
    if (count === 0xffff || offset === 0xffffffff) return null;
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) return null;
      const nameLength = view.getUint16(offset + 28, true);
      entries.push({
        name: Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength))
          .toString('latin1')
          .replace(/^\//, ''),
        method: view.getUint16(offset + 10, true),
        compressedSize: view.getUint32(offset + 20, true),
        localHeaderOffset: view.getUint32(offset + 42, true),
      });
      offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return entries;
  }
  return null;
}

function compressedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.localHeaderOffset;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_FILE_HEADER) return null;
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const end = start + entry.compressedSize;
  return end <= bytes.length ? bytes.subarray(start, end) : null;
}

/**
 * Inflates every entry against one budget of unpacked bytes, whatever sizes the archive declares, so a "zip bomb"
 * stops at the budget instead of exhausting memory. Keeps only the entries the caller wants to look at.
 */
export async function unpackZip(bytes: Uint8Array, options: { maxBytes: number; keep: (name: string) => boolean }): Promise<UnpackedZip> {
  const entries = centralDirectory(bytes);
  if (!entries) return { status: 'corrupt' };
  let budget = options.maxBytes;
  const files = new Map<string, Buffer>();
  for (const entry of entries) {
    const data = compressedData(bytes, entry);
    if (!data || (entry.method !== STORED && entry.method !== DEFLATED)) return { status: 'corrupt' };
    let content: Buffer;
    try {
      content =
        entry.method === STORED
          ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
          : await inflateRawAsync(data, { maxOutputLength: budget + 1 });
    } catch (error) {
      return { status: (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt' };
    }
    budget -= content.length;
    if (budget < 0) return { status: 'too-large' };
    if (options.keep(entry.name)) files.set(entry.name, content);
  }
  return { status: 'ok', files };
}
