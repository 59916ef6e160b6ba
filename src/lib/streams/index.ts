// Byte streams: exact reads from a stream, a stream as an async iterable, a stream saved as a download.
export { ByteReader } from './byte-reader';
export { chunksOf } from './iterate';
export { saveStream } from './save-stream';
export { READ_AHEAD, readAhead } from './read-ahead';
