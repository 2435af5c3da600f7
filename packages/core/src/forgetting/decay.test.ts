import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@alma/types';
import { computeDecayScore, ExponentialDecay, LinearDecay, NoDecay, StepDecay } from './decay.js';

describe('decay functions', () => {
  it('ExponentialDecay halves every half-life (default 30 days)', () => {
    const d = new ExponentialDecay();
    expect(d.compute(0)).toBe(1);
    expect(d.compute(30)).toBeCloseTo(0.5, 12);
    expect(d.compute(60)).toBeCloseTo(0.25, 12);
    expect(d.compute(15)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(new ExponentialDecay(10).compute(30)).toBeCloseTo(0.125, 12);
    expect(d.compute(-5)).toBe(1);
    expect(d.name).toBe('exponential(halfLife=30d)');
  });

  it('LinearDecay goes down to its floor over the period (default 90 days, min 0.1)', () => {
    const d = new LinearDecay();
    expect(d.compute(0)).toBe(1);
    expect(d.compute(45)).toBeCloseTo(0.55, 12);
    expect(d.compute(90)).toBeCloseTo(0.1, 12);
    expect(d.compute(400)).toBe(0.1);
    expect(new LinearDecay(10, 0).compute(5)).toBeCloseTo(0.5, 12);
  });

  it('StepDecay uses the last threshold reached (default 30/.9, 60/.7, 90/.5, 180/.3)', () => {
    const d = new StepDecay();
    expect([0, 29.9, 30, 59, 60, 90, 179, 180, 1000].map((x) => d.compute(x))).toEqual([1, 1, 0.9, 0.9, 0.7, 0.5, 0.5, 0.3, 0.3]);
    expect(new StepDecay([[10, 0.2], [5, 0.6]]).compute(7)).toBe(0.6);
    expect(d.name).toBe('step(4 steps)');
  });

  it('NoDecay keeps confidence', () => {
    expect(new NoDecay().compute(10_000)).toBe(1);
  });

  it('rejects bad configuration with a ConfigError naming the option', () => {
    expect(() => new ExponentialDecay(0)).toThrow(ConfigError);
    expect(() => new ExponentialDecay(Number.NaN)).toThrow(/halfLifeDays/);
    expect(() => new LinearDecay(-1)).toThrow(/decayPeriodDays/);
    expect(() => new LinearDecay(90, 2)).toThrow(/minValue/);
    expect(() => new StepDecay([])).toThrow(ConfigError);
    expect(() => new StepDecay([[-1, 0.5]])).toThrow(/days/);
    expect(() => new StepDecay([[10, 1.5]])).toThrow(/multiplier/);
  });

  it('computeDecayScore = .3·0.5^(age/30) + .3·confidence + .2·successRate + .2·min(occ/20, 1)', () => {
    expect(computeDecayScore({ ageDays: 0, confidence: 1, successRate: 1, occurrences: 20 })).toBeCloseTo(1, 12);
    expect(computeDecayScore({ ageDays: 30, confidence: 0.5, successRate: 0.5, occurrences: 10 })).toBeCloseTo(0.15 + 0.15 + 0.1 + 0.1, 12);
    expect(computeDecayScore({ ageDays: 60, confidence: 0, successRate: 0, occurrences: 100 })).toBeCloseTo(0.075 + 0.2, 12);
  });
});
