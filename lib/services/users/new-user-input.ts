import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../crypto/passwords';

/** What someone types to create an account. */
export const newUserFields = {
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(320),
  name: z.string().trim().max(100).optional(),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`).max(MAX_PASSWORD_LENGTH),
};

export const newUserId = (uuid: string) => `user_${uuid.replace(/-/g, '').slice(0, 20)}`;
