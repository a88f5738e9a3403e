/**
 * One run at a time per environment: a run claims its environments before it sends anything. A
 * second run against one of them is told which run holds it and goes ahead only when the user
 * forces it; a scheduled run never runs alongside another (it refuses, nothing sent). The window's
 * runs claim theirs too: the window says which run holds an environment before the run is
 * confirmed, and runs alongside it only when the user chose "Run anyway". A forced run records
 * its claim too, so a third run is told of both.
 */
import { AppError } from '../../shared/errors.ts';
import type { HeldEnvironment } from '../../shared/ipc.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { Services } from '../services.ts';
import { RunLocks, type HeldElsewhere, type RunHolder } from '../storage/run-locks.ts';

export interface ClaimChoices {
  /** Run alongside another run (never for a scheduled run). */
  force: boolean;
  scheduled: boolean;
  /** A window run: its refusal names no command-line option (the window offers "Run anyway" itself). */
  inWindow?: boolean;
}

function refusalText(holders: string, choices: ClaimChoices): string {
  if (choices.scheduled)
    return `Another run is in progress: ${holders}. A scheduled run does not run alongside another; nothing was sent.`;
  if (choices.inWindow) return `Another run is in progress: ${holders}. Nothing was sent; wait for it to end.`;
  return `Another run is in progress: ${holders}. Nothing was sent; wait for it to end, or add --force to run alongside it.`;
}

/** An environment as a claim names it: its profile id, and its name for the message. */
export type ClaimedEnvironment = Pick<Profile, 'id' | 'name'>;

/** A run as a refusal names it: `"purge" (process 4242 on jump-01, started …)`. */
function describeRun(holder: RunHolder): string {
  const where = holder.pid ? ` (process ${holder.pid} on ${holder.host}, started ${holder.startedAt})` : '';
  return `"${holder.what}"${where}`;
}

function describeHolders(held: readonly HeldElsewhere[], profiles: readonly ClaimedEnvironment[]): string {
  return held
    .map(({ key, holder }) => `${profiles.find((profile) => profile.id === key)?.name ?? key}: ${describeRun(holder)}`)
    .join('; ');
}

/** Claims the environments for this run; the answer gives them back when the run is over. */
export async function claimEnvironments(
  services: Services,
  profiles: readonly ClaimedEnvironment[],
  what: string,
  choices: ClaimChoices,
): Promise<{ release: () => Promise<void>; alongside: string | null }> {
  const claim = await new RunLocks(services.dataFolder).claim(
    profiles.map((profile) => profile.id),
    what,
    { alongside: choices.force && !choices.scheduled },
  );
  if (claim.heldElsewhere.length === 0) return { release: claim.release, alongside: null };
  const holders = describeHolders(claim.heldElsewhere, profiles);
  if (choices.force && !choices.scheduled) return { release: claim.release, alongside: holders };
  await claim.release();
  throw new AppError('RUN_IN_PROGRESS', refusalText(holders, choices), {
    details: { environments: claim.heldElsewhere.length },
  });
}

/**
 * Runs `work` with the environments claimed (refused as claimEnvironments says), and gives them
 * back whatever happens. `alongside` hears which run a forced one runs next to.
 */
export async function whileClaimed<T>(
  services: Services,
  profiles: readonly ClaimedEnvironment[],
  what: string,
  choices: ClaimChoices & { alongside?: (holders: string) => void },
  work: () => Promise<T>,
): Promise<T> {
  const { release, alongside } = await claimEnvironments(services, profiles, what, choices);
  try {
    if (alongside) choices.alongside?.(alongside);
    return await work();
  } finally {
    await release();
  }
}

/**
 * A window run's claim, taken when it starts: another run on one of its environments refuses it
 * (nothing sent, the run named) unless the user chose to run alongside it. The answer gives the
 * environments back; call it before the window hears that the run ended, so a next run started at
 * once is not refused.
 */
export async function claimForWindow(
  services: Services,
  environments: readonly ClaimedEnvironment[],
  what: string,
  options: { alongside?: boolean } = {},
): Promise<() => Promise<void>> {
  const claim = await claimEnvironments(services, environments, `${what} in the window`, {
    force: options.alongside === true,
    scheduled: false,
    inWindow: true,
  });
  return claim.release;
}

/**
 * Which of the environments other runs hold now (one line per run), for a window dialog to say so
 * before anything is confirmed; nothing is taken, the run claims them when it starts.
 */
export async function runsHoldingForWindow(
  services: Services,
  profileIds: readonly string[],
): Promise<HeldEnvironment[]> {
  const [held, { profiles }] = await Promise.all([
    new RunLocks(services.dataFolder).holders(profileIds),
    services.profiles.list(),
  ]);
  return held.map(({ key, holder }) => ({
    profileId: key,
    name: profiles.find((profile) => profile.id === key)?.name ?? key,
    run: describeRun(holder),
  }));
}

/** A window run's work with its environments claimed for as long as it takes (see claimForWindow). */
export async function whileClaimedInWindow<T>(
  services: Services,
  environments: readonly ClaimedEnvironment[],
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const release = await claimForWindow(services, environments, what);
  try {
    return await work();
  } finally {
    await release();
  }
}

/**
 * Refuses, as a window plan is made and before any name is typed, environments another run holds
 * (the run named); nothing is kept, the run claims them when it starts.
 */
export async function refuseWhileHeldForWindow(services: Services, profileIds: readonly string[]): Promise<void> {
  // A profile that is gone is named by its id here; what the plan does with it is said as before.
  const { profiles } = await services.profiles.list();
  const environments = profileIds.map((id) => ({
    id,
    name: profiles.find((profile) => profile.id === id)?.name ?? id,
  }));
  const release = await claimForWindow(services, environments, 'a plan being made');
  await release();
}
