import type { Writable } from 'node:stream';
import { crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';

/** Past these the classic zip fields overflow and ZIP64 would be needed; a truncated field makes a corrupt archive. */
const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;

/** Bit 3: sizes and CRC follow the data (unknown while streaming); bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const DEFLATE = 8;
const VERSION = 20;
/**
 * "Made by" Unix, with a regular file's mode (rw-r--r--) in the external attributes. Made by MS-DOS (0), Info-ZIP's
 * unzip reads names as an OEM code page despite the UTF-8 flag, and extracts Cyrillic names garbled.
 */
const MADE_BY = (3 << 8) | VERSION;
const UNIX_FILE_ATTRIBUTES = 0o100644 << 16;

function checked(value: number, what: string): number {
  if (value > MAX_32) throw new Error(`Архив больше 4 ГБ (${what}): ZIP64 не поддерживается`);
  return value;
}

/** The writer's clock in MS-DOS form: time and date fields of the zip headers. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(date.getFullYear(), 1980);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** Resolves when `stream` can take more; rejects if it ends first, so a dropped download stops the producer. */
function drain(stream: Writable): Promise<void> {
  if (stream.destroyed) return Promise.reject(new Error('Поток закрыт до конца записи'));
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      stream.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('Поток закрыт до конца записи'));
    const onError = (error: Error) => done(error);
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    stream.on('error', onError);
  });
}

interface Entry {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** One file being written into the archive: deflated as it comes, with its CRC and sizes counted on the way. */
export interface ZipEntryWriter {
  /**
   * Resolves once deflate has taken `data` (a Buffer may be reused from then on); that waits while the output is
   * full, which is the backpressure.
   */
  write(data: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * A streaming zip writer: local headers with a data descriptor, deflate through node:zlib, the central directory at
 * the end. Writes wait for `out` to drain, so memory is bounded by the chunks in flight, not by the archive.
 */
export class ZipWriter {
  private offset = 0;
  private readonly entries: Entry[] = [];
  private open = false;
  private readonly stamp = dosDateTime(new Date());

  constructor(
    private readonly out: Writable,
    private readonly level = 1,
  ) {}

  private async emit(data: Buffer) {
    this.offset = checked(this.offset + data.length, 'смещение');
    if (!this.out.write(data)) await drain(this.out);
  }

  /** Starts a file; its data is written through the returned writer, which must be closed before the next file. */
  async entry(fileName: string): Promise<ZipEntryWriter> {
    if (this.open) throw new Error('Предыдущий файл архива не закрыт');
    this.open = true;
    const name = Buffer.from(fileName, 'utf8');
    const entry: Entry = { name, crc: 0, compressedSize: 0, size: 0, offset: this.offset };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    // CRC and sizes (14..25) stay zero: they come in the data descriptor.
    header.writeUInt16LE(name.length, 26);
    await this.emit(Buffer.concat([header, name]));

    const deflate = createDeflateRaw({ level: this.level });
    const pumped = this.pump(deflate, entry);
    // A failure of the output shows up in `pumped`; until awaited it must not count as unhandled.
    pumped.catch(() => undefined);
    const write = (data: string | Buffer) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      entry.crc = crc32(bytes, entry.crc);
      entry.size = checked(entry.size + bytes.length, 'размер файла');
      const taken = new Promise<void>((resolve, reject) => deflate.write(bytes, (error) => (error ? reject(error) : resolve())));
      // The output's own error explains a failed write better than deflate's "destroyed".
      return Promise.race([taken, pumped.then(() => taken)]);
    };
    const close = async () => {
      deflate.end();
      await pumped;
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(entry.crc >>> 0, 4);
      descriptor.writeUInt32LE(entry.compressedSize, 8);
      descriptor.writeUInt32LE(entry.size, 12);
      await this.emit(descriptor);
      this.entries.push(entry);
      if (this.entries.length > MAX_ENTRIES) throw new Error('Слишком много файлов в архиве: ZIP64 не поддерживается');
      this.open = false;
    };
    return { write, close };
  }

  /** Moves deflated bytes to the output, one awaited write at a time: deflate pauses while the output is full. */
  private async pump(deflate: DeflateRaw, entry: Entry) {
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      entry.compressedSize = checked(entry.compressedSize + chunk.length, 'сжатый размер');
      await this.emit(chunk);
    }
  }

  async file(name: string, content: string): Promise<void> {
    const entry = await this.entry(name);
    await entry.write(content);
    await entry.close();
  }

  /** Writes the central directory and ends the output. */
  async finish(): Promise<void> {
    if (this.open) throw new Error('Последний файл архива не закрыт');
    const start = this.offset;
    for (const entry of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(MADE_BY, 4);
      record.writeUInt16LE(VERSION, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(DEFLATE, 10);
      record.writeUInt16LE(this.stamp.time, 12);
      record.writeUInt16LE(this.stamp.date, 14);
      record.writeUInt32LE(entry.crc >>> 0, 16);
      record.writeUInt32LE(entry.compressedSize, 20);
      record.writeUInt32LE(entry.size, 24);
      record.writeUInt16LE(entry.name.length, 28);
      // Extra and comment lengths, disk number and internal attributes (30..37) stay zero.
      record.writeUInt32LE(UNIX_FILE_ATTRIBUTES >>> 0, 38);
      record.writeUInt32LE(entry.offset, 42);
      await this.emit(Buffer.concat([record, entry.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(checked(this.offset - start, 'каталог'), 12);
    end.writeUInt32LE(start, 16);
    await this.emit(end);
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
