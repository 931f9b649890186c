// How a headless run finds a secret a cell names: one convention for every kind and the CLI.

/** Headless runs have no secret storage: `auth.secret: ocs-prod` reads XENLAT_SECRET_OCS_PROD. */
export function secretEnvName(name: string): string {
  return `XENLAT_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
