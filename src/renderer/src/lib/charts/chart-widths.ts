/**
 * The widths charts are drawn at, read for every chart of a screen at once and followed as the
 * window changes. chart.js sizing itself reads each canvas's computed style and its box as the
 * chart is made: after the first chart changed the page, every next read lays the page out again.
 * Here the charts drawn in one update wait a microtask, their boxes are read together (one layout),
 * then each is drawn at its width; afterwards one observer tells each chart its new width.
 */
type Draw = (width: number) => void;

let waiting: { box: HTMLElement; draw: Draw }[] = [];

/** Calls `draw` with the box's width, once every chart asked for in this update has been measured. */
export function drawAtWidth(box: HTMLElement, draw: Draw): void {
  waiting.push({ box, draw });
  if (waiting.length === 1) queueMicrotask(drawWaiting);
}

function drawWaiting(): void {
  const batch = waiting;
  waiting = [];
  const widths = batch.map(({ box }) => box.clientWidth);
  batch.forEach(({ draw }, index) => draw(widths[index] ?? 0));
}

const followers = new Map<Element, { width: number; resized: Draw }>();
let observer: ResizeObserver | null = null;

function onResized(entries: readonly ResizeObserverEntry[]): void {
  for (const entry of entries) {
    const follower = followers.get(entry.target);
    const width = Math.floor(entry.contentRect.width);
    // A box that is hidden (a closed panel) keeps its chart as it was.
    if (!follower || width === 0 || width === follower.width) continue;
    follower.width = width;
    follower.resized(width);
  }
}

/** Tells `resized` each new width of the box after `width`; the returned function stops it. */
export function followWidth(box: HTMLElement, width: number, resized: Draw): () => void {
  observer ??= new ResizeObserver(onResized);
  followers.set(box, { width, resized });
  observer.observe(box);
  return () => {
    followers.delete(box);
    observer?.unobserve(box);
  };
}
