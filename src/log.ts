import pino from 'pino';

/** Structured JSON logs; phones are redacted wherever they appear under these keys. */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: { paths: ['phone', '*.phone', 'payload.phone'], censor: '[phone]' },
});
export type Logger = typeof log;
