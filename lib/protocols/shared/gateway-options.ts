import { z } from 'zod';

const providerList = z.array(z.string().min(1)).max(32);

/** `providerOptions.gateway`: the same routing options in every front door. Unknown keys are rejected. */
export const gatewayOptionsSchema = z
  .strictObject({
    order: providerList.optional(),
    only: providerList.optional(),
    models: z.array(z.string().min(1)).max(16).optional(),
    user: z.string().max(256).optional(),
    tags: z.array(z.string().min(1).max(128)).max(32).optional(),
  })
  .optional();

export type GatewayOptionsInput = z.infer<typeof gatewayOptionsSchema>;
