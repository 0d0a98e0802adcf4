import { handlers } from '@/lib/auth/auth';

export const dynamic = 'force-dynamic';

// GET, POST /api/auth/* (sessions, OAuth callbacks, sign-out)
export const { GET, POST } = handlers;
