import { headers } from 'next/headers';
import { getRuntime } from '@/lib/runtime';

/** This Gatehouse's address as clients should use it: GATEHOUSE_PUBLIC_URL, else the request's origin. */
export async function publicBaseUrl(): Promise<string> {
  const { env } = await getRuntime();
  if (env.GATEHOUSE_PUBLIC_URL) return env.GATEHOUSE_PUBLIC_URL.replace(/\/+$/, '');
  const list = await headers();
  const host = list.get('x-forwarded-host')?.split(',')[0]?.trim() || list.get('host') || 'localhost:3000';
  const proto = list.get('x-forwarded-proto')?.split(',')[0]?.trim() || 'http';
  return `${proto}://${host}`;
}
