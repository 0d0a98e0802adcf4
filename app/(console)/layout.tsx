import type { ReactNode } from 'react';
import { QueryProvider } from '@/components/console/query-provider';

export const dynamic = 'force-dynamic';

/** Every signed-in page: react-query for the parts that need client-side interaction. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
