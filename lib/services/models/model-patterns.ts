import { z } from 'zod';
import { MODEL_PATTERN } from '../../gateway/model-policy';

/** One allow/deny list entry: an exact model id or a `provider/*` prefix, bounded. */
export const modelPattern = z
  .string()
  .trim()
  .max(200)
  .regex(MODEL_PATTERN, { error: (issue) => `'${String(issue.input).slice(0, 200)}' is not a model id or a 'provider/*' pattern.` });

export const modelPatternList = z.array(modelPattern).max(200).transform((list) => [...new Set(list)]);
