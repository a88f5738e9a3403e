/** Where `npm run demo` starts the Library simulator, so the first-run screen can offer it. */
export const DEMO_PORT = 18080;
export const DEMO_LIBRARY_URL = `http://127.0.0.1:${DEMO_PORT}/MicroStrategyLibrary`;
