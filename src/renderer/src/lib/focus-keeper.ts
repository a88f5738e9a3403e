/**
 * Keeps keyboard focus off the page body. When the focused control goes away (Disconnect replaced
 * by Connect…, a result replacing a form) or is disabled while its action runs (Test connection, a
 * purge's button), focus moves to the control that takes its place (the same data-focus-key), back
 * to the control itself once it is enabled again, or else to the heading of the dialog or screen in
 * front, so a keyboard user never has to find their way back from the top of the page.
 */

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]';

function usable(element: HTMLElement | null): element is HTMLElement {
  return (
    element !== null &&
    element.isConnected &&
    !(element as HTMLButtonElement).disabled &&
    element.getClientRects().length > 0 &&
    !element.closest('[inert]')
  );
}

/** The control that took the place of one that went: the same data-focus-key, in the dialog or screen in front. */
function replacement(lost: HTMLElement): HTMLElement | null {
  const key = lost.dataset.focusKey;
  if (!key) return null;
  const candidates = document.querySelectorAll<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
  return [...candidates].find(usable) ?? null;
}

/** The dialog in front, else the screen: where focus lands when nothing takes the lost control's place. */
function container(lost: HTMLElement): HTMLElement | null {
  const dialog = lost.isConnected ? lost.closest('dialog') : null;
  return (
    (dialog as HTMLElement | null) ??
    document.querySelector<HTMLElement>('dialog[open]') ??
    document.querySelector<HTMLElement>('main .content') ??
    document.querySelector<HTMLElement>('main')
  );
}

/** A heading (made focusable by script, not by Tab) or the first usable control of a container. */
function landing(place: HTMLElement): HTMLElement | null {
  const marked = place.querySelector<HTMLElement>('[data-focus-fallback]');
  if (usable(marked)) return marked;
  const heading = place.querySelector<HTMLElement>('h1, h2, h3');
  if (heading && heading.getClientRects().length > 0) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    return heading;
  }
  return [...place.querySelectorAll<HTMLElement>(FOCUSABLE)].find(usable) ?? null;
}

export function keepFocus(): () => void {
  let last: HTMLElement | null = null;
  /** A control disabled while focused: focus returns to it when it is enabled again, if it is still on the stand-in. */
  let waiting: { control: HTMLElement; standIn: HTMLElement } | null = null;

  const rescue = (): void => {
    if (waiting && usable(waiting.control) && document.activeElement === waiting.standIn) {
      waiting.control.focus();
      waiting = null;
      return;
    }
    const active = document.activeElement;
    if (!last || (active && active !== document.body)) return;
    const lost = last;
    const target = usable(lost) ? lost : (replacement(lost) ?? landing(container(lost) ?? document.body));
    if (!target) return;
    target.focus();
    if (lost.isConnected && target !== lost) waiting = { control: lost, standIn: target };
  };

  const onFocusIn = (event: FocusEvent): void => {
    if (event.target instanceof HTMLElement && event.target !== document.body) last = event.target;
  };
  // A click on the page's background is the user's choice of where focus goes: nothing to rescue.
  const onPointerDown = (event: PointerEvent): void => {
    if (!(event.target instanceof Element) || !event.target.closest(FOCUSABLE)) last = null;
  };
  // A change made while focus is moving (a blur handler hiding a tip, say) is seen while the page
  // body holds focus for a moment: look once the move is over, or the control being clicked loses
  // the focus it was about to get.
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      rescue();
    }, 0);
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  document.addEventListener('focusin', onFocusIn);
  document.addEventListener('pointerdown', onPointerDown, true);
  return () => {
    observer.disconnect();
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('pointerdown', onPointerDown, true);
  };
}
