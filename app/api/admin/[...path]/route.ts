import { adminRoute } from '@/lib/next-adapters';

export const dynamic = 'force-dynamic';

// /api/admin/* (GET, POST, PUT, PATCH, DELETE)
export const GET = adminRoute;
export const POST = adminRoute;
export const PUT = adminRoute;
export const PATCH = adminRoute;
export const DELETE = adminRoute;
