export { checkSpec, describe, type SpecCheck } from './validate';
export { keyDocs, typeText, literalValues, type FieldMap, type FieldSpec, type FieldType, type SpecSchema } from './schema';
export { parseSpecSource, offsetRange, nodeRange, documentStartRange, type SpecSource } from './yaml-source';
export { didYouMean, editDistance } from './did-you-mean';
export { parseDuration, parseRate } from './units';
