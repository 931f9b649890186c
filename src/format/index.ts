// The `.xenlat` file format: everything the extension, CLI and runner need, vscode-free.
export * from './types.ts';
export { FormatError, pathToString, type FormatErrorCode, type FormatErrorInit, type PathSegment } from './errors.ts';
export { CELL_ID_PATTERN, isValidCellId, newCellId } from './ids.ts';
export { emptyNotebook, parseNotebook } from './parse.ts';
export { serializeNotebook } from './serialize.ts';
export {
  SAMPLES_KEY,
  decodeSamples,
  encodeSamples,
  fromFileJson,
  isEncodedSamples,
  toFileJson,
  type EncodedSamples,
  type SamplesCodec,
  type SamplesPayload,
} from './samples-codec.ts';
export { XENLAT_META_KEY, decodeOutputItem, encodeOutputItem, notebookToPlain, outputToPlain, plainToNotebook } from './plain.ts';
export * from './mimes.ts';
