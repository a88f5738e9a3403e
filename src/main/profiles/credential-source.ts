/**
 * The secrets of profiles with a credential command: the command is run only when this machine
 * confirmed it (see command-trust.ts); an unconfirmed one is refused with what to do.
 */
import { AppError } from '../../shared/errors.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { commandText } from '../../shared/command-words.ts';
import { runCredentialCommand } from '../secrets/credential-command.ts';
import type { CredentialCommands } from '../sessions/profile-session.ts';
import type { CommandTrust } from './command-trust.ts';

export function credentialSource(trust: CommandTrust): CredentialCommands {
  return {
    async secretFor(profile: Profile): Promise<string | null> {
      const argv = profile.passwordCommand;
      if (!argv || argv.length === 0) return null;
      if (!(await trust.isConfirmed(profile, argv)))
        throw new AppError(
          'CREDENTIAL_COMMAND_UNCONFIRMED',
          `${profile.name} came with a credential command (${commandText(argv)}) that was not confirmed on this ` +
            `computer, so it was not run. Read it, then confirm it in the profile editor or with: ` +
            `profiles edit "${profile.name}" --confirm-password-command`,
          { details: { profile: profile.name } },
        );
      return runCredentialCommand(argv, profile.name);
    },
  };
}
