import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import '@/components/ui/ui.css';

export const metadata: Metadata = {
  title: 'Gatehouse',
  description: 'A self-hosted AI gateway: one key and one endpoint in front of every model.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
