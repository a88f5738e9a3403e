/**
 * New random ids (profiles, plans, runs). Node's crypto module loads with the first one: loading it
 * takes about 8 ms, which a command line run that makes no id (test, projects, history) never pays.
 */
export function newId(): string {
  return process.getBuiltinModule('node:crypto').randomUUID();
}
