/**
 * The rules of project-state changes: what each action leaves a node in, where it changes nothing
 * (and why), which changes end users' sessions, the schema reload's update types, and that a saved
 * idle step must name its mode.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PresetSchema } from '../../src/shared/preset-schema.ts';
import {
  changesSomething,
  endsUserSessions,
  schemaUpdateTypes,
  targetStatus,
  unchangedReason,
} from '../../src/shared/project-state.ts';

describe('project-state rules', () => {
  it('follows the vendor documentation for full and partial idles', () => {
    expect(targetStatus('idle', 'full')).toBe('full_idle');
    expect(targetStatus('idle', 'partial')).toBe('partial_idle');
    expect(targetStatus('idle', 'warehouse')).toBe('wh_exec_idle');
    expect(targetStatus('resume')).toBe('loaded');
    expect(targetStatus('unload')).toBe('unloaded');
  });

  it('sends a change only where it changes something, and says why not elsewhere', () => {
    expect(changesSomething('resume', 'loaded')).toBe(false);
    expect(unchangedReason('resume', 'loaded')).toBe('already loaded');
    expect(changesSomething('resume', 'unloaded')).toBe(false);
    expect(unchangedReason('resume', 'unloaded')).toContain('use load');
    expect(changesSomething('resume', 'exec_idle')).toBe(true);
    expect(changesSomething('idle', 'request_idle', 'request')).toBe(false);
    expect(changesSomething('idle', 'request_idle', 'full')).toBe(true);
    expect(changesSomething('idle', 'unloaded', 'full')).toBe(false);
    expect(changesSomething('load', 'full_idle')).toBe(false);
    expect(changesSomething('load', 'unloaded')).toBe(true);
    expect(changesSomething('unload', 'full_idle')).toBe(true);
  });

  it('names the changes that end or block user sessions', () => {
    expect(endsUserSessions('unload')).toBe(true);
    expect(endsUserSessions('idle', 'full')).toBe(true);
    expect(endsUserSessions('idle', 'request')).toBe(false);
    expect(endsUserSessions('resume')).toBe(false);
  });

  it('turns the ticked schema parts into the reload update types', () => {
    expect(schemaUpdateTypes(['refresh'])).toEqual([]);
    expect(schemaUpdateTypes(['table-keys', 'logical-sizes', 'clear-element-cache'])).toEqual([
      'table_key',
      'entry_level',
      'logical_size',
      'clear_element_cache',
    ]);
  });

  it('refuses a saved idle step without a mode, and keeps the always-run mark', () => {
    const preset = (step: Record<string, unknown>) => ({ name: 'w', environments: ['x'], steps: [step] });
    const idle = { kind: 'project-state', action: 'idle', projects: { names: ['Sales'] } };
    expect(v.safeParse(PresetSchema, preset(idle)).success).toBe(false);
    const resume = { kind: 'project-state', action: 'resume', projects: { names: ['Sales'] }, alwaysRun: true };
    expect(v.parse(PresetSchema, preset(resume)).steps[0]?.alwaysRun).toBe(true);
  });
});
