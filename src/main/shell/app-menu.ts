/** The native menu: the standard roles, and Help with the documentation and About. */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export const DOCUMENTATION_URL = 'https://microstrategy.github.io/rest-api-docs/';

export function installMenu(
  actions: { openDocumentation: () => void; showAbout: () => void },
  platform = process.platform,
): void {
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      // No reload entry: Ctrl/Cmd+R refreshes the project list in the window instead.
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Library REST API documentation', click: actions.openDocumentation },
        { type: 'separator' },
        { label: 'About MSTR Cache Console', click: actions.showAbout },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
