import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads the files of a zip archive (PKWARE APPNOTE: end of central directory, central directory,
 * local headers; stored or deflated entries), enough for the bill Alipay serves: a small zip of
 * CSVs whose names are GBK unless the entry says UTF-8 (flag bit 11). node:zlib inflates and
 * checks nothing of the archive, so this does: every entry's CRC-32 and size, no encryption, no
 * ZIP64, and a cap on what it may inflate (a hostile file cannot fill memory).
 */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const UTF8_NAME = 0x0800;
const ENCRYPTED = 0x0001;

export function readZip(zip: Buffer, limits = { maxEntries: 16, maxBytes: 64 * 1024 * 1024 }): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const directorySize = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (count > limits.maxEntries) throw new ZipError(`${count} entries, more than ${limits.maxEntries}`);
  if (at + directorySize > eocd) throw new ZipError('central directory outside the file');
  const entries: ZipEntry[] = [];
  let inflated = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new ZipError(`entry ${i}: no central directory header`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder(flags & UTF8_NAME ? 'utf-8' : 'gbk').decode(rawName);
    if (flags & ENCRYPTED) throw new ZipError(`${name}: encrypted`);
    if ([compressedSize, size, localAt].includes(0xffffffff)) throw new ZipError(`${name}: ZIP64 is not read`);
    inflated += size;
    if (inflated > limits.maxBytes) throw new ZipError(`more than ${limits.maxBytes} bytes inflated`);
    if (localAt + 30 > zip.length || zip.readUInt32LE(localAt) !== LOCAL) throw new ZipError(`${name}: no local header`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const stored = zip.subarray(dataAt, dataAt + compressedSize);
    if (stored.length !== compressedSize) throw new ZipError(`${name}: truncated`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(stored);
    else if (method === 8) {
      try {
        data = inflateRawSync(stored, { maxOutputLength: Math.max(size, 1) });
      } catch {
        throw new ZipError(`${name}: does not inflate to its ${size} bytes`);
      }
    } else throw new ZipError(`${name}: compression method ${method} is not read`);
    if (data.length !== size || crc32(data) !== crc) throw new ZipError(`${name}: CRC-32 or size does not match`);
    if (!name.endsWith('/')) entries.push({ name, data });
    at = next;
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) if (zip.readUInt32LE(at) === EOCD) return at;
  throw new ZipError('not a zip file (no end of central directory)');
}
