/**
 * What the study page's Observable Plot charts share (Figures 1 and 2, win / tie / loss): drawing
 * at the container's width, SVGs hidden from assistive technology (the figure describes itself
 * in words; Plot's `aria-label` on `<g>` is not allowed there), and the SVG / PNG downloads of
 * a figure's panels joined into one document under its title. Browser-only.
 */

/** Hides a Plot SVG from assistive technology and drops the ARIA attributes Plot puts inside. */
export function hidden(plot: SVGSVGElement | HTMLElement): SVGSVGElement {
	plot.setAttribute('aria-hidden', 'true');
	for (const el of plot.querySelectorAll('[aria-label], [aria-description]')) {
		el.removeAttribute('aria-label');
		el.removeAttribute('aria-description');
	}
	return plot as SVGSVGElement;
}

/**
 * An attachment that calls `draw` at the container's width (at least `min` px), again whenever
 * the width changes; the drawing is removed with the element.
 */
export function atWidth(draw: (target: HTMLDivElement, width: number) => void, min = 260) {
	return (target: HTMLDivElement) => {
		let width = 0;
		const redraw = () => {
			const next = Math.max(min, Math.floor(target.clientWidth));
			if (next === width) return;
			width = next;
			draw(target, width);
		};
		const observer = new ResizeObserver(redraw);
		observer.observe(target);
		redraw();
		return () => {
			observer.disconnect();
			target.replaceChildren();
		};
	};
}

/** The container's panels stacked in one standalone SVG document, with the title on top. */
function combinedSvg(
	container: HTMLElement,
	title: string
): { text: string; width: number; height: number } {
	const panels = [...container.querySelectorAll(':scope > svg')] as SVGSVGElement[];
	const width = Math.max(...panels.map((p) => Number(p.getAttribute('width'))));
	let y = 28;
	const parts = panels.map((p) => {
		const copy = p.cloneNode(true) as SVGSVGElement;
		copy.removeAttribute('aria-hidden');
		copy.setAttribute('y', String(y));
		y += Number(p.getAttribute('height')) + 8;
		return new XMLSerializer().serializeToString(copy);
	});
	const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
	const text =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">` +
		`<rect width="100%" height="100%" fill="white"/>` +
		`<text x="8" y="18" font-family="system-ui, sans-serif" font-size="14" font-weight="600">${escaped}</text>` +
		parts.join('') +
		`</svg>`;
	return { text, width, height: y };
}

function save(blob: Blob, name: string) {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(container: HTMLElement | undefined, title: string, file: string) {
	if (!container) return;
	save(new Blob([combinedSvg(container, title).text], { type: 'image/svg+xml' }), `${file}.svg`);
}

/** The SVG drawn on a canvas at twice its size (sharp in print), saved as PNG (no dependency). */
export function downloadPng(container: HTMLElement | undefined, title: string, file: string) {
	if (!container) return;
	const { text, width, height } = combinedSvg(container, title);
	const image = new Image();
	image.onload = () => {
		const canvas = document.createElement('canvas');
		canvas.width = width * 2;
		canvas.height = height * 2;
		const context = canvas.getContext('2d');
		if (!context) return;
		context.scale(2, 2);
		context.drawImage(image, 0, 0, width, height);
		canvas.toBlob((blob) => blob && save(blob, `${file}.png`), 'image/png');
	};
	image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}
