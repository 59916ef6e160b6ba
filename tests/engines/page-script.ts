/**
 * Finds an element the way tests/e2e does with Playwright's getByRole / getByLabel: by its role (explicit, or the
 * implicit one of its tag) and its accessible name (aria-labelledby, aria-label, a <label>, else its text), matched
 * case-insensitively as a substring unless `exact`. Runs inside the page, in any engine; the element found gets a
 * `data-engine-pick` attribute so the driver can act on it natively (a WebDriver click, real key presses).
 * Kept to the roles the journeys use (UI-CONTRACT.md), not a full accessible-name computation.
 */
export function pickInPage(query: {
	role?: string;
	label?: string;
	name?: string;
	exact?: boolean;
	within?: { role: string; name: string };
}): string | null {
	const IMPLICIT: Record<string, string> = {
		button: 'button, input[type=button], input[type=submit]',
		link: 'a[href]',
		heading: 'h1, h2, h3, h4, h5, h6',
		textbox:
			'input:not([type]), input[type=text], input[type=password], input[type=url], input[type=search], textarea',
		list: 'ul, ol',
		listitem: 'li',
		region: 'section[aria-label], section[aria-labelledby]',
		dialog: 'dialog',
		checkbox: 'input[type=checkbox]',
		combobox: 'select',
		spinbutton: 'input[type=number]',
		img: 'img'
	};
	const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
	const nameOf = (el: Element): string => {
		const by = el.getAttribute('aria-labelledby');
		if (by)
			return by
				.split(/\s+/)
				.map((id) => text(document.getElementById(id)))
				.join(' ');
		const aria = el.getAttribute('aria-label');
		if (aria) return aria;
		if (el.id) {
			const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
			if (label) return text(label);
		}
		const wrapping = el.closest('label');
		if (wrapping) return text(wrapping);
		if (el instanceof HTMLImageElement) return el.alt;
		return text(el);
	};
	const visible = (el: Element) =>
		el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"], [hidden]');
	const matches = (actual: string, wanted: string, exact?: boolean) =>
		exact
			? actual.trim().toLowerCase() === wanted.toLowerCase()
			: actual.toLowerCase().includes(wanted.toLowerCase());
	const byRole = (root: ParentNode, role: string, name: string, exact?: boolean) =>
		[...root.querySelectorAll(`[role="${role}"], ${IMPLICIT[role] ?? `[role="${role}"]`}`)].filter(
			(el) =>
				(el.getAttribute('role') ?? role) === role &&
				visible(el) &&
				matches(nameOf(el), name, exact)
		);
	let root: ParentNode = document;
	if (query.within) {
		const [scope] = byRole(document, query.within.role, query.within.name);
		if (!scope) return null;
		root = scope;
	}
	let found: Element | undefined;
	if (query.label !== undefined) {
		found = [...root.querySelectorAll('input, textarea, select')].find(
			(el) => visible(el) && matches(nameOf(el), query.label!, query.exact)
		);
	} else if (query.role) {
		found = byRole(root, query.role, query.name ?? '', query.exact)[0];
	}
	if (!found) return null;
	for (const old of document.querySelectorAll('[data-engine-pick]'))
		old.removeAttribute('data-engine-pick');
	const mark = String(Math.random()).slice(2);
	found.setAttribute('data-engine-pick', mark);
	return `[data-engine-pick="${mark}"]`;
}
