/** The version the page and the API report; kept equal to package.json by a test. */
export const VERSION = '0.1.0';
