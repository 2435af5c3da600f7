import { ScopeViolationError, type MemoryScope } from '@alma/types';

/** A domain matches a scope entry when equal, or when the domain contains the entry ("form_testing" ⊇ "testing"). */
const matches = (domain: string, entry: string): boolean => {
  const d = domain.toLowerCase();
  const e = entry.toLowerCase();
  return d === e || d.includes(e);
};

/** cannotLearn wins; an empty canLearn allows everything else. */
export function isDomainLearnable(scope: MemoryScope, domain: string): boolean {
  if (scope.cannotLearn.some((e) => matches(domain, e))) return false;
  return scope.canLearn.length === 0 || scope.canLearn.some((e) => matches(domain, e));
}

/** Throws when `agent` has a configured scope that forbids `domain`. Agents without a scope learn freely. */
export function assertMayLearn(scopes: Readonly<Record<string, MemoryScope>>, agent: string, domain: string): void {
  const scope = scopes[agent];
  if (scope && !isDomainLearnable(scope, domain)) {
    const rule = scope.cannotLearn.some((e) => matches(domain, e))
      ? `it is in cannot_learn [${scope.cannotLearn.join(', ')}]`
      : `it is not in can_learn [${scope.canLearn.join(', ')}]`;
    throw new ScopeViolationError(`Agent '${agent}' may not learn in domain '${domain}': ${rule}.`);
  }
}
