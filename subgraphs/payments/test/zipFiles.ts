import { crc32, deflateRawSync } from 'node:zlib';

/**
 * What the providers' fakes need to serve files as Alipay does: GBK text and zip archives. Test
 * code only; the adapter reads them with src/providers/alipay/zip.ts and TextDecoder('gbk').
 */

let gbkTable: Map<string, Buffer> | undefined;

/** GBK bytes of `text`: node:crypto and TextEncoder only write UTF-8, so the table is TextDecoder('gbk') read backwards. */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const bytes = Buffer.from([lead, trail]);
        const char = decoder.decode(bytes);
        if (char.length === 1 && char !== '\uFFFD' && !gbkTable.has(char)) gbkTable.set(char, bytes);
      }
  }
  const parts: Buffer[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const bytes = gbkTable.get(char);
      if (!bytes) throw new Error(`${char} has no GBK code`);
      parts.push(bytes);
    }
  }
  return Buffer.concat(parts);
}

export interface ZipFile {
  /** Bytes of the name as stored (GBK for Alipay's files), or a string written as UTF-8 with flag bit 11. */
  name: Buffer | string;
  data: Buffer;
  /** Store instead of deflate. */
  stored?: boolean;
}

/** A zip archive (local headers, central directory, end record) of `files`. */
export function writeZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const utf8 = typeof file.name === 'string';
    const name = utf8 ? Buffer.from(file.name as string, 'utf8') : (file.name as Buffer);
    const body = file.stored ? file.data : deflateRawSync(file.data);
    const method = file.stored ? 0 : 8;
    const flags = utf8 ? 0x0800 : 0;
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
