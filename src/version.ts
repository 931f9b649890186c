import pkg from '../package.json';

export const XENLAT_VERSION: string = pkg.version;
