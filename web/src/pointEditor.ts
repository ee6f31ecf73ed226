// The 1-D data editor: an SVG strip over [lo, hi] (widened to hold every point). Click empty
// space to add a point, drag a point to move it, double-click (or right-click) it to remove it.
// Points are also reachable by keyboard: Tab to one, arrows move it by 0.05, Delete removes it.
const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 600, HEIGHT = 56, PAD = 12;

export class PointEditor {
  private x: number[] = [];
  private lo = -4;
  private hi = 4;
  private readonly svg: SVGSVGElement;
  private dragging: number | null = null;
  private moved = false;
  /** The point under the last pointerdown (null: empty space), for double-click removal: with
   *  the pointer captured by the strip, the dblclick lands on the strip, not on the circle. */
  private pressed: number | null = null;

  constructor(readonly el: HTMLElement, private readonly onChange: (x: number[]) => void) {
    this.svg = document.createElementNS(NS, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute('class', 'points');
    this.svg.setAttribute('role', 'group');
    this.svg.setAttribute('aria-label', 'training points: click to add, drag to move, double-click to remove');
    el.append(this.svg);
    this.svg.addEventListener('pointerdown', (e) => this.down(e));
    this.svg.addEventListener('pointermove', (e) => this.move(e));
    this.svg.addEventListener('pointerup', () => this.up());
    this.svg.addEventListener('pointercancel', () => this.up());
    this.svg.addEventListener('dblclick', () => { if (this.pressed !== null) this.remove(this.pressed); });
  }

  get points(): number[] { return this.x.slice(); }

  set(x: readonly number[]): void {
    this.x = x.slice();
    const finite = this.x.filter(Number.isFinite);
    this.lo = Math.min(-4, Math.floor(Math.min(...finite, 0) - 0.5));
    this.hi = Math.max(4, Math.ceil(Math.max(...finite, 0) + 0.5));
    this.draw();
  }

  private toX(px: number): number { return this.lo + ((px - PAD) / (WIDTH - 2 * PAD)) * (this.hi - this.lo); }
  private toPx(x: number): number { return PAD + ((x - this.lo) / (this.hi - this.lo)) * (WIDTH - 2 * PAD); }

  private eventX(e: PointerEvent): number {
    const r = this.svg.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * WIDTH;
    return Math.min(this.hi, Math.max(this.lo, Number(this.toX(px).toFixed(3))));
  }

  private down(e: PointerEvent): void {
    const target = e.target as Element;
    const i = target.getAttribute('data-i');
    if (e.button === 2) return;
    this.pressed = i === null ? null : Number(i);
    if (i !== null) {
      this.dragging = Number(i);
      this.moved = false;
      this.svg.setPointerCapture(e.pointerId);
    } else {
      this.x.push(this.eventX(e));
      this.commit();
    }
  }

  private move(e: PointerEvent): void {
    if (this.dragging === null) return;
    this.x[this.dragging] = this.eventX(e);
    this.moved = true;
    this.draw();
  }

  private up(): void {
    if (this.dragging === null) return;
    this.dragging = null;
    if (this.moved) this.commit();
  }

  private remove(i: number): void {
    this.pressed = null;
    this.x.splice(i, 1);
    this.commit();
  }

  private commit(): void {
    this.draw();
    this.onChange(this.points);
  }

  private draw(): void {
    this.svg.replaceChildren();
    const axis = document.createElementNS(NS, 'line');
    Object.entries({ x1: PAD, x2: WIDTH - PAD, y1: HEIGHT / 2, y2: HEIGHT / 2, class: 'axis' }).forEach(([k, v]) => axis.setAttribute(k, String(v)));
    this.svg.append(axis);
    for (let v = Math.ceil(this.lo); v <= this.hi; v++) {
      const label = document.createElementNS(NS, 'text');
      label.setAttribute('x', String(this.toPx(v)));
      label.setAttribute('y', String(HEIGHT - 4));
      label.setAttribute('class', 'tick');
      label.textContent = String(v);
      this.svg.append(label);
    }
    this.x.forEach((v, i) => {
      const c = document.createElementNS(NS, 'circle');
      c.setAttribute('cx', String(this.toPx(v)));
      c.setAttribute('cy', String(HEIGHT / 2));
      c.setAttribute('r', '6');
      c.setAttribute('data-i', String(i));
      c.setAttribute('tabindex', '0');
      c.setAttribute('role', 'button');
      c.setAttribute('aria-label', `point x = ${v}: arrows move, Delete removes`);
      c.addEventListener('contextmenu', (e) => { e.preventDefault(); this.remove(i); });
      c.addEventListener('keydown', (e) => {
        if (e.key === 'Delete' || e.key === 'Backspace') this.remove(i);
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          this.x[i] = Number((v + (e.key === 'ArrowLeft' ? -0.05 : 0.05)).toFixed(3));
          this.commit();
        }
      });
      this.svg.append(c);
    });
  }
}
