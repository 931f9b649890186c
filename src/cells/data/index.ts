export { dataCell, checkDataSpec, type DataResult } from './data-cell';
export { dataSchema, DATA_LANGUAGE, type DataSpec } from './schema';
export { parseCsv, type CsvRecord } from '../samples/csv';
