/** medpair's version, printed in every report signature; kept equal to package.json by a test. */
export const MEDPAIR_VERSION = '0.1.0';
