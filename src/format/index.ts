// The `.xenlat` file format: everything the extension, CLI and runner need, vscode-free.
export * from './types';
export { describeFormatError, FormatError, pathInWords, pathToString, type FormatErrorCode, type FormatErrorInit, type PathSegment } from './errors';
export { CELL_ID_PATTERN, isValidCellId, newCellId } from './ids';
export {
  ParameterError,
  parseParameterArg,
  readParameters,
  resolveParameters,
  substituteParameters,
  withDefaults,
  type NotebookParameter,
  type ParameterValues,
} from './parameters';
export { emptyNotebook, parseNotebook } from './parse';
export { serializeNotebook } from './serialize';
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
} from './samples-codec';
export { omittedSampleCount, resultSamples } from './result-samples';
export { XENLAT_META_KEY, decodeOutputItem, encodeOutputItem, notebookToPlain, outputToPlain, plainToNotebook } from './plain';
export * from './mimes';
