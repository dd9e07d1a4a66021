import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

/** Every setting Tierline reads from the environment, parsed once in `main.ts` and passed down. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  TIERLINE_DATA_DIR: z.string().default('./.tierline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Absolute lifetime of a session. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** A session unused this long expires. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  /** Set the cookie's Secure flag (behind HTTPS). */
  COOKIE_SECURE: flag.default(false),
  TRUST_PROXY: flag.default(false),
  /** Login attempts per minute per client address and username. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  /** Seconds between sweeps of the scheduled jobs (deadlines, escalation, housekeeping). */
  SWEEP_SECONDS: z.coerce.number().positive().default(30),
  /** Where the built web UI lives. */
  WEB_DIST: z.string().default('web/dist'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment; a bad value stops the process with the variable's name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
