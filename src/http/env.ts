/** Per-request values every route can read (set by the middleware in ./middleware). */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The body exactly as received: Feishu signs these bytes, not a re-serialisation. */
    rawBody: string;
  };
}
