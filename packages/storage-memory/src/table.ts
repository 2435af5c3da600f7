import { ConflictError, deepClone, matchesScope, type ScopeFields, type ScopeFilter } from '@alma/types';

/** Records are cloned on the way in and out so callers can never mutate what the store holds. */
export const clone = <T>(value: T): T => deepClone(value);

/** An id-keyed collection with create-only inserts and scope-checked access. */
export class Table<T extends { id: string } & ScopeFields> {
  readonly rows = new Map<string, T>();

  constructor(private readonly what: string) {}

  insert(record: T): string {
    if (this.rows.has(record.id)) {
      throw new ConflictError(`A ${this.what} with id '${record.id}' already exists.`);
    }
    this.rows.set(record.id, clone(record));
    return record.id;
  }

  /** The stored row (not a copy) when it exists and is inside `scope`. */
  find(id: string, scope: ScopeFilter): T | undefined {
    const row = this.rows.get(id);
    return row && matchesScope(row, scope) ? row : undefined;
  }

  get(id: string, scope: ScopeFilter): T | undefined {
    const row = this.find(id, scope);
    return row ? clone(row) : undefined;
  }

  /** Applies `patch` to a row in scope; false when there is none. */
  patch(id: string, patch: Partial<T>, scope: ScopeFilter, validate: (next: T) => T): boolean {
    const row = this.find(id, scope);
    if (!row) return false;
    const next = validate({ ...row, ...stripUndefined(patch), id: row.id });
    this.rows.set(id, clone(next));
    return true;
  }

  delete(id: string, scope: ScopeFilter): boolean {
    return this.find(id, scope) ? this.rows.delete(id) : false;
  }

  /** Rows in scope (live references; callers clone what they return). */
  *inScope(scope: ScopeFilter): Generator<T> {
    for (const row of this.rows.values()) if (matchesScope(row, scope)) yield row;
  }

  /** Deletes every row matching `predicate`; returns how many. */
  deleteWhere(predicate: (row: T) => boolean): number {
    let n = 0;
    for (const [id, row] of this.rows) {
      if (predicate(row)) {
        this.rows.delete(id);
        n++;
      }
    }
    return n;
  }
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
