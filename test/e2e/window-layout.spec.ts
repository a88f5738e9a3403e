/**
 * The window at ordinary sizes and in states that must tell the truth: every table fits the window
 * at 1280×800 and 1024×768 (both themes shot) with a cut cell's full text on hover and on keyboard focus,
 * a filter that matches nothing says so with a way to
 * clear it, a note appearing moves no control, and notices belong to the screen and moment that
 * raised them (they close when the screen changes, when the preset they name goes, and on their own).
 */
import type { Page } from '@playwright/test';
import { startSimulator, type LibrarySimulator } from '../simulator/server.ts';
import { addAndConnect, expectAccessible, expectFocusKept, fillEnvironment, shoot } from './app-helpers.ts';
import { expect, test } from './fixtures.ts';

const simulators: LibrarySimulator[] = [];

test.afterEach(async () => {
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

async function cluster(): Promise<LibrarySimulator> {
  const sim = await startSimulator({
    projects: 6,
    cluster: {
      nodes: [{ name: 'iserver-a.example.internal' }, { name: 'iserver-b.example.internal' }],
      contentCachesPerNode: 40,
    },
  });
  simulators.push(sim);
  return sim;
}

/** No table or toolbar of the screen reaches past the window's right edge. */
async function expectFits(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('main table, main .toolbar, main .filters')]
      .filter((element) => element.getBoundingClientRect().right > width + 1)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
  });
  expect(overflow, `${what}: past the right edge`).toEqual([]);
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
]) {
  test(`every screen's table fits ${size.width}×${size.height}, in both themes`, async ({ page, mainProcess }) => {
    const sim = await cluster();
    await page.setViewportSize(size);
    await mainProcess.open(page);
    await addAndConnect(page, sim, { name: 'Cluster QA', tier: 'test' });
    await expect(page.getByText('6 of 6 shown')).toBeVisible();
    await expectFits(page, 'projects');
    await shoot(page, `50-projects-${size.width}x${size.height}`);

    await page.getByRole('tab', { name: 'Caches' }).click();
    await expect(page.getByText('80 of 80 shown')).toBeVisible();
    await expectFits(page, 'caches');
    // "Last used" and "Owner" are in view, not pushed off the right edge.
    for (const header of ['Last used', 'Owner']) {
      const box = await page.getByRole('columnheader', { name: header }).boundingBox();
      expect(box && box.x + box.width, header).toBeLessThanOrEqual(size.width);
    }
    await shoot(page, `51-caches-${size.width}x${size.height}`);
    // A cell cut with an ellipsis keeps its full text in its title (hover) and shows it below its row while the
    // row's check box has keyboard focus.
    const rowBox = page.getByRole('checkbox', { name: /^Select .* on iserver-a/ }).first();
    await rowBox.focus();
    const cut = await page.evaluate(() =>
      [...(document.activeElement?.closest('tr')?.querySelectorAll('td[title]') ?? [])]
        .filter((cell) => cell.scrollWidth > cell.clientWidth)
        .map((cell) => {
          const header = document.querySelectorAll('main thead th')[(cell as HTMLTableCellElement).cellIndex];
          return `${header?.textContent?.replace(/[▲▼]/g, '').trim()}: ${cell.getAttribute('title')}`;
        }),
    );
    expect(cut.length, 'cut cells in the first row').toBeGreaterThan(0);
    await expect(page.getByTestId('focus-tip')).toHaveText(cut.join(' · '));
    await shoot(page, `51-caches-focused-row-${size.width}x${size.height}`);
    await page.getByRole('searchbox', { name: /Search caches/ }).focus();
    await expect(page.getByTestId('focus-tip')).toHaveCount(0);

    await page
      .getByRole('checkbox', { name: /^Select .* on iserver-a/ })
      .first()
      .check();
    await page.getByRole('button', { name: 'Invalidate…' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Invalidate 1 content/ })
      .click();
    await expect(page.getByRole('dialog').getByTestId('cache-result')).toContainText('1 accepted');
    await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
    await expectFocusKept(page, 'closing a cache action');
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.getByText('1 run, 1 item')).toBeVisible();
    await expectFits(page, 'history');
    await shoot(page, `52-history-${size.width}x${size.height}`);
    await page.getByRole('tab', { name: 'Presets' }).click();
    await shoot(page, `53-presets-${size.width}x${size.height}`);
  });
}

test('a filter matching nothing says so and clears in one click; a change note moves no control', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster();
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'Cluster QA', tier: 'test' });
  await page.getByRole('searchbox').first().fill('no such project anywhere');
  await expect(page.getByTestId('no-match')).toContainText('Nothing matches these filters.');
  await shoot(page, '54-projects-no-match');
  await expectAccessible(page, 'projects, nothing matches');
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(page.getByText('6 of 6 shown')).toBeVisible();

  await page.getByRole('tab', { name: 'Caches' }).click();
  await expect(page.getByText('80 of 80 shown')).toBeVisible();
  await page.getByPlaceholder('Owner').fill('nobody at all');
  await expect(page.getByTestId('no-match')).toContainText('Nothing matches these filters.');
  await shoot(page, '55-caches-no-match');
  await expectAccessible(page, 'caches, nothing matches');
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(page.getByText('80 of 80 shown')).toBeVisible();

  const search = page.getByRole('searchbox', { name: /Search caches/ });
  const before = await search.boundingBox();
  await page
    .getByRole('checkbox', { name: /^Select .* on iserver-a/ })
    .first()
    .check();
  await page.getByRole('button', { name: 'Invalidate…' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Invalidate 1 content/ })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByTestId('change-note')).toContainText('the list now shows the change');
  expect(await search.boundingBox()).toEqual(before);
});

test('notices belong to their screen and moment', async ({ page, mainProcess }) => {
  const sim = await cluster();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.clock.install();
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA', tier: 'test' });

  // A preset's notice closes when that preset is removed.
  await page.getByRole('tab', { name: 'Presets' }).click();
  await page.getByRole('button', { name: 'New preset…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('checkbox', { name: /^QA/ }).check();
  await dialog.getByLabel('Preset name').fill('Nightly');
  await dialog.getByRole('button', { name: 'Save preset', exact: true }).click();
  const notice = page.locator('.notice.toast');
  await expect(notice).toHaveText(/Saved the preset Nightly\./);
  await shoot(page, '56-notice-toast');
  page.once('dialog', (confirm) => void confirm.accept());
  await page.getByRole('button', { name: 'Remove', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Nightly' })).toHaveCount(0);
  await expect(notice).toHaveCount(0);

  // A notice raised on one screen is not shown on another.
  await page.getByRole('tab', { name: 'Projects' }).click();
  await page
    .getByRole('button', { name: /^Copy the id of/ })
    .first()
    .click();
  await expect(notice).toContainText('Copied');
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(notice).toHaveCount(0);

  // Information closes on its own after a while.
  await page.getByRole('tab', { name: 'Projects' }).click();
  await page
    .getByRole('button', { name: /^Copy the id of/ })
    .first()
    .click();
  await expect(notice).toContainText('Copied');
  await page.clock.runFor(11_000);
  await expect(notice).toHaveCount(0);

  // A notice does not outlive the session it was about.
  await page
    .getByRole('button', { name: /^Copy the id of/ })
    .first()
    .click();
  await expect(notice).toContainText('Copied');
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(notice).toHaveCount(0);
});

test('the profile editor shows what the keychain holds and what Save will do with it', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster();
  await page.setViewportSize({ width: 1280, height: 800 });
  await mainProcess.open(page);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await fillEnvironment(page, { name: 'Kept', url: sim.url });
  await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Connect…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Password').fill('admin-pass');
  await dialog.getByLabel(/Remember in the/).check();
  await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByText('connected as Administrator')).toBeVisible();
  const [profile] = (await mainProcess.services.profiles.list()).profiles;
  expect(await mainProcess.services.secrets.get(profile!.id, 'password')).toBe('admin-pass');

  // Remembered when connecting: the editor says so (ticked), and what Save does when it is unticked.
  await page.getByRole('button', { name: 'Edit…' }).click();
  await expect(dialog.getByRole('checkbox', { name: /^Remember the password/ })).toBeChecked();
  await expect(dialog.getByTestId('secret-state')).toHaveText(
    'The keychain holds the password of this environment; Save keeps it.',
  );
  await dialog.getByRole('checkbox', { name: /^Remember the password/ }).uncheck();
  await expect(dialog.getByTestId('secret-state')).toHaveText(
    'The keychain holds the password of this environment; Save removes it.',
  );
  await shoot(page, '57-profile-editor-remembered');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => mainProcess.services.secrets.get(profile!.id, 'password')).toBeNull();
});

test('one "New preset…" flow from the tab bar, the Presets screen and a selection; its button says what it does', async ({
  page,
  mainProcess,
}) => {
  const sim = await cluster();
  await page.setViewportSize({ width: 1024, height: 768 });
  await mainProcess.open(page);
  await addAndConnect(page, sim, { name: 'QA', tier: 'test' });
  const dialog = page.getByRole('dialog');
  await page.getByRole('button', { name: 'New preset…' }).click();
  await expect(dialog.getByRole('heading', { name: 'New preset' })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByLabel('Select Sales Analytics 001').check();
  await page.getByRole('button', { name: 'New preset from the selection…' }).click();
  await expect(dialog.getByRole('heading', { name: 'New preset' })).toBeVisible();
  await expect(dialog.getByLabel(/Project names/)).toHaveValue('Sales Analytics 001');
  const save = dialog.getByRole('button', { name: 'Save preset', exact: true });
  await expect(save).toBeDisabled();
  await dialog.getByLabel('Preset name').fill('Sales nightly');
  await shoot(page, '58-new-preset');
  await save.click();
  await expect(page.getByRole('heading', { name: 'Sales nightly' })).toBeVisible();

  // On the Presets screen the screen's own button is the one "New preset…", and it opens the same dialog.
  await expect(page.getByRole('button', { name: 'New preset…' })).toHaveCount(1);
  await page.getByRole('button', { name: 'New preset…' }).click();
  await expect(dialog.getByRole('heading', { name: 'New preset' })).toBeVisible();
  await page.keyboard.press('Escape');
  const copy = page.getByRole('button', { name: 'Copy as scheduled command' });
  const fits = await copy.evaluate((button) => button.scrollWidth <= button.clientWidth && button.clientHeight < 40);
  expect(fits, '"Copy as scheduled command" fits its button on one line').toBe(true);
  await shoot(page, '59-presets-1024x768');
});
