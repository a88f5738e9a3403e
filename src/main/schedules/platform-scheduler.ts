/** This platform's native scheduler: systemd on Linux, launchd on macOS, Task Scheduler on Windows. */
import { scheduleLogFile } from './job-spec.ts';
import { LaunchdScheduler } from './launchd.ts';
import type { NativeScheduler } from './native-scheduler.ts';
import { SystemdUserScheduler } from './systemd.ts';
import { WindowsTaskScheduler } from './windows-task.ts';

export function platformScheduler(
  dataFolder: string,
  platform: NodeJS.Platform = process.platform,
): NativeScheduler | null {
  if (platform === 'linux') return new SystemdUserScheduler();
  if (platform === 'darwin')
    return new LaunchdScheduler({ logFile: (jobName) => scheduleLogFile(dataFolder, jobName) });
  if (platform === 'win32') return new WindowsTaskScheduler();
  return null;
}
