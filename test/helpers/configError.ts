// The InputError a config is refused with (what `bigstep run` prints), for tests of the schemas.
import type { z } from 'zod';
import { InputError } from '../../src/model/errors.js';
import { validateConfig } from '../../src/model/validate.js';

export function configError(schema: z.ZodType, input: unknown): InputError {
  try {
    validateConfig(schema, input);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('configError: the config was accepted');
}
