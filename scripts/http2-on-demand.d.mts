/** Types of the build plugin in http2-on-demand.mjs. */
export const STAND_IN: string;
export function withHttp2OnDemand(code: string, id: string): string;
export function http2OnDemand(): {
  name: string;
  transform: (code: string, id: string) => string | null;
  buildEnd: (error?: Error) => void;
};
