import type { ReactNode } from 'react';
import { TableScroll } from './table-scroll';

export function Card({ title, description, actions, children, id }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="card" aria-labelledby={title && id ? `${id}-title` : undefined}>
      {title ? (
        <header className="card-header">
          <div>
            <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
            {description ? <p>{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <div className="card-body">{children}</div>
    </section>
  );
}

/** A card whose body is a table that scrolls sideways on narrow screens. */
export function TableCard({ title, description, actions, children }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="card">
      {title ? (
        <header className="card-header">
          <div>
            <h2>{title}</h2>
            {description ? <p>{description}</p> : null}
          </div>
          {actions}
        </header>
      ) : null}
      <TableScroll className="card-table" label={typeof title === 'string' ? title : undefined} style={{ paddingTop: title ? 8 : 0 }}>
        {children}
      </TableScroll>
    </section>
  );
}
